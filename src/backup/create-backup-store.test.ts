import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupStore } from '../ports/backup-store.js';
import { BackupError } from './backup-error.js';
import { createBackupStore } from './create-backup-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let root: string;
let dir: string;
let store: BackupStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'larkgate-backups-'));
  dir = join(root, 'store'); // created by the first save
  store = createBackupStore({ dir });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  return error;
}

describe('createBackupStore', () => {
  it('saves under bk_ + the SHA-256 of the bytes, as <id>.asc with mode 0600, and loads them back', async () => {
    const data = bytes('-----BEGIN PGP MESSAGE-----\n\nabc\n-----END PGP MESSAGE-----\n');
    const saved = await store.save(data);
    expect(saved).toEqual({
      backupId: `bk_${sha256(data)}`,
      path: join(dir, `bk_${sha256(data)}.asc`),
      bytes: data.length,
    });
    expect(new Uint8Array(await readFile(saved.path))).toEqual(data);
    expect((await stat(saved.path)).mode & 0o777).toBe(0o600);
    expect(await store.load(saved.backupId)).toEqual(data);
    expect(await store.has(saved.backupId)).toBe(true);
  });

  it('is idempotent: the same bytes give the same id and one file, and no temp files are left', async () => {
    const data = bytes('same bytes');
    const [a, b, c] = await Promise.all([store.save(data), store.save(data), store.save(data)]);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(await readdir(dir)).toEqual([`${a.backupId}.asc`]);
  });

  it('lists stored ids sorted, ignoring temp and foreign files', async () => {
    const ids = [(await store.save(bytes('one'))).backupId, (await store.save(bytes('two'))).backupId].sort();
    await writeFile(join(dir, `.tmp-${ids[0]}-abc`), 'partial');
    await writeFile(join(dir, 'notes.txt'), 'x');
    await writeFile(join(dir, `${'bk_'.padEnd(67, 'A')}.asc`), 'upper-case hex is not an id');
    expect(await store.list()).toEqual(ids);
  });

  it('lists nothing before the first save', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('refuses to load a file whose bytes no longer match its id, naming both hashes', async () => {
    const saved = await store.save(bytes('original ciphertext'));
    const tampered = bytes('original ciphertexT');
    await writeFile(saved.path, tampered);
    const error = await refusal(store.load(saved.backupId));
    expect(error.code).toBe('backup_hash_mismatch');
    expect(error.message).toContain(saved.backupId);
    expect(error.message).toContain(`bk_${sha256(tampered)}`);
    expect(error.message).toMatch(/altered or corrupted/);
  });

  it('saving the right bytes again repairs a damaged file', async () => {
    const data = bytes('ciphertext');
    const saved = await store.save(data);
    await writeFile(saved.path, 'garbage');
    await store.save(data);
    expect(await store.load(saved.backupId)).toEqual(data);
  });

  it('says when a backup is not there', async () => {
    const missing = `bk_${'0'.repeat(64)}`;
    expect(await store.has(missing)).toBe(false);
    const error = await refusal(store.load(missing));
    expect(error.code).toBe('backup_not_found');
  });

  it.each([
    ['a path traversal', '../../etc/passwd'],
    ['a traversal wearing the prefix', `bk_../${'0'.repeat(61)}`],
    ['upper-case hex', `bk_${'A'.repeat(64)}`],
    ['a short hash', `bk_${'0'.repeat(63)}`],
    ['no prefix', '0'.repeat(64)],
    ['a trailing newline', `bk_${'0'.repeat(64)}\n`],
    ['the file name instead of the id', `bk_${'0'.repeat(64)}.asc`],
  ])('refuses %s as an id in load, has and pathOf', async (_label, id) => {
    expect((await refusal(store.load(id))).code).toBe('backup_id_invalid');
    expect((await refusal(store.has(id))).code).toBe('backup_id_invalid');
    expect(() => store.pathOf(id)).toThrow(BackupError);
  });
});
