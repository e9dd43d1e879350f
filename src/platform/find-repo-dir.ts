import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json, found by walking up from `start`: the repository in a checkout, `/app`
 * in the image. The same answer whether the code runs from its TypeScript sources (src/main) or compiled
 * (dist/src/main), which a fixed `../..` is not.
 */
export function findRepoDir(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the running code');
    dir = parent;
  }
}
