import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditFile } from './read-audit-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-read-audit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readAuditFile', () => {
  it('returns each line with its 1-based number, keeping blank lines and an unterminated last line', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"a":1}\n\n{"b":2}\r\n{"c":');

    expect(await readAuditFile(path)).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: '', line: 2 },
      { text: '{"b":2}', line: 3 },
      { text: '{"c":', line: 4 },
    ]);
  });

  it('returns nothing for an empty file', async () => {
    const path = join(dir, 'empty.jsonl');
    await writeFile(path, '');

    expect(await readAuditFile(path)).toEqual([]);
  });

  it('rejects a file that cannot be read', async () => {
    await expect(readAuditFile(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readAuditFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
