import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBuildInfo } from './read-build-info.js';

const COMMIT = 'a'.repeat(40);
const dirs: string[] = [];
async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-build-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('readBuildInfo', () => {
  it('reads the version from package.json, not a constant', async () => {
    const dir = await repo({ 'package.json': '{"version":"9.8.7"}' });

    expect(readBuildInfo({}, dir)).toEqual({ version: '9.8.7', commit: null });
  });

  it.each([
    ['a loose ref', { '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${COMMIT}\n` }],
    [
      'packed refs',
      { '.git/HEAD': 'ref: refs/heads/main\n', '.git/packed-refs': `# pack\n${COMMIT} refs/heads/main\n` },
    ],
    ['a detached HEAD', { '.git/HEAD': `${COMMIT}\n` }],
    [
      'a linked worktree (.git is a file; HEAD in its own git dir, refs in the common dir)',
      {
        '.git': 'gitdir: main-git/worktrees/wt\n',
        'main-git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n',
        'main-git/worktrees/wt/commondir': '../..\n',
        'main-git/refs/heads/feature': `${COMMIT}\n`,
      },
    ],
  ])('reads the commit from .git (%s)', async (_name, files) => {
    const dir = await repo({ 'package.json': '{"version":"1.0.0"}', ...files });

    expect(readBuildInfo({}, dir).commit).toBe(COMMIT);
  });

  it('prefers the build stamp from the environment', async () => {
    const dir = await repo({ 'package.json': '{"version":"1.0.0"}', '.git/HEAD': `${COMMIT}\n` });

    expect(readBuildInfo({ LARKGATE_BUILD_COMMIT: 'b'.repeat(40) }, dir).commit).toBe('b'.repeat(40));
  });

  it('the real checkout reports the version of its own package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8'));

    expect(readBuildInfo({}).version).toBe(pkg.version);
  });
});
