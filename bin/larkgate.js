#!/usr/bin/env node
// Runs the compiled CLI from dist/ (`npm ci` builds it through the `prepare` script; the image ships only
// dist/). A working copy whose TypeScript is newer than dist/, or has no dist/, runs the sources through
// tsx instead, so an edit is never hidden behind a stale build (LARKGATE_FROM_SOURCE=1 forces that too).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(repo, 'dist/src/main/run-cli.js');
const SOURCE_DIRS = ['src', 'jobs', 'cards', 'emulator'];

/** The newest mtime of a .ts file under the source folders (0 when there are none, as in the image). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(repo, dir));
  return newest;
}

function useCompiled() {
  if (process.env.LARKGATE_FROM_SOURCE === '1' || !existsSync(compiled)) return false;
  return statSync(compiled).mtimeMs >= newestSource();
}

let runCli;
if (useCompiled()) {
  ({ runCli } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/main/run-cli.ts'));
}
process.exitCode = await runCli(process.argv);
