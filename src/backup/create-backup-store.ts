import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupStore, SavedBackup } from '../ports/backup-store.js';
import { BackupError } from './backup-error.js';
import { BackupId } from './backup-id.js';
import { computeBackupId } from './compute-backup-id.js';

const FILE_PATTERN = /^bk_[0-9a-f]{64}\.asc$/;

/**
 * A content-addressed backup store in one folder: `<dir>/bk_<sha256 hex>.asc`, written atomically
 * (temp file, fsync, rename, fsync of the folder) with mode 0600, so a crash leaves either no file or the
 * whole file, and `sha256sum` on a file always names its id.
 */
export function createBackupStore(options: { dir: string }): BackupStore {
  const { dir } = options;

  function pathOf(backupId: string): string {
    const parsed = BackupId.safeParse(backupId);
    if (!parsed.success) {
      throw new BackupError(
        'backup_id_invalid',
        `${JSON.stringify(backupId.slice(0, 80))} is not a backup id ("bk_" followed by 64 lower-case hex digits)`,
      );
    }
    return join(dir, `${parsed.data}.asc`);
  }

  async function readVerified(backupId: string): Promise<Uint8Array | undefined> {
    const path = pathOf(backupId);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const actual = computeBackupId(bytes);
    if (actual !== backupId) {
      throw new BackupError(
        'backup_hash_mismatch',
        `backup ${backupId} at ${path} was altered or corrupted: its content now hashes to ${actual}. ` +
          'Do not restore from it; find another copy with the right hash',
      );
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async function save(ciphertext: Uint8Array): Promise<SavedBackup> {
    const backupId = computeBackupId(ciphertext);
    const path = pathOf(backupId);
    const saved = { backupId, path, bytes: ciphertext.byteLength };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      if (await readVerified(backupId)) return saved;
    } catch (error) {
      // An altered file under this id is replaced by the right bytes below.
      if (!(error instanceof BackupError && error.code === 'backup_hash_mismatch')) throw error;
    }

    const temp = join(dir, `.tmp-${backupId}-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(ciphertext);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
    return saved;
  }

  async function load(backupId: string): Promise<Uint8Array> {
    const bytes = await readVerified(backupId);
    if (bytes === undefined) {
      throw new BackupError(
        'backup_not_found',
        `backup ${backupId} is not in the store (${pathOf(backupId)})`,
      );
    }
    return bytes;
  }

  async function has(backupId: string): Promise<boolean> {
    try {
      return (await stat(pathOf(backupId))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async function list(): Promise<BackupId[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => FILE_PATTERN.test(name))
      .map((name) => name.slice(0, -'.asc'.length))
      .sort();
  }

  return { save, load, has, list, pathOf };
}

/** Makes the rename itself durable: without it a crash can forget the new directory entry. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
