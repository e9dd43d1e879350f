import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAuditFile } from './check-audit-file.js';

describe('checkAuditFile', () => {
  it('a regular file is writable; a missing one in a writable folder is fine and is not created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-check-'));
    await writeFile(join(dir, 'audit.jsonl'), '');

    expect(await checkAuditFile(join(dir, 'audit.jsonl'))).toBeNull();
    expect(await checkAuditFile(join(dir, 'later.jsonl'))).toBeNull();
    expect(await readdir(dir)).toEqual(['audit.jsonl']);
  });

  it.each<[string, (dir: string) => Promise<string>, RegExp]>([
    [
      'a folder in its place',
      async (dir) => {
        await mkdir(join(dir, 'audit.jsonl'));
        return join(dir, 'audit.jsonl');
      },
      /cannot open .*audit\.jsonl for append \(EISDIR\)/,
    ],
    [
      'a missing folder',
      async (dir) => join(dir, 'gone', 'audit.jsonl'),
      /cannot create .*gone\/audit\.jsonl \(ENOENT\)/,
    ],
  ])('says why not: %s', async (_name, arrange, expected) => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-check-'));

    expect(await checkAuditFile(await arrange(dir))).toMatch(expected);
  });
});
