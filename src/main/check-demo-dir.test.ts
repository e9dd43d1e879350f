import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkDemoDir } from './check-demo-dir.js';
import { REPO_DIR } from './start-demo.js';

const run = promisify(execFile);

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-demo-dir-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('checkDemoDir', () => {
  it.each([
    ['a folder that does not exist', async () => join(await folder({}), 'new')],
    ['an empty folder', async () => folder({})],
    [
      'an earlier demo',
      async () => folder({ 'larkgate.yaml': '# Written by larkgate demo: the demo…\nversion: 1\n' }),
    ],
  ])('lets the demo use %s', async (_name, make) => {
    expect(await checkDemoDir(await make())).toEqual({ ok: true });
  });

  it.each([
    ['someone’s files', { 'thesis.tex': 'years of work' }],
    ['a real config', { 'larkgate.yaml': 'version: 1\napp: {}\n' }],
  ])('refuses a folder holding %s', async (_name, files) => {
    const result = await checkDemoDir(await folder(files));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('pass --force');
  });
});

describe('larkgate demo --dir', () => {
  it('exits 2 naming the folder, and leaves a folder it did not write as it was', async () => {
    const dir = await folder({ 'thesis.tex': 'years of work' });
    await mkdir(join(dir, 'chapters'));

    const failure = await run(process.execPath, [
      join(REPO_DIR, 'bin/larkgate.js'),
      'demo',
      '--dir',
      dir,
    ]).catch((error: { code: number; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      `${dir} is not empty and was not written by larkgate demo`,
    );
    expect(await readFile(join(dir, 'thesis.tex'), 'utf8')).toBe('years of work');
  });
});
