import { createHash } from 'node:crypto';
import type { BackupStore } from '../../src/ports/backup-store.js';

/**
 * The backup store in memory, content-addressed like the real one (`bk_` + SHA-256 of the stored bytes).
 * `saveBackup` is the live op's port (it stores the plaintext as is: encryption is src/backup's business),
 * so a test can read back the document a live op backed up with `document(id)`.
 */
export function createFakeBackupStore(options: { log?: string[] } = {}) {
  const saved = new Map<string, Uint8Array>();
  const store: BackupStore = {
    async save(bytes) {
      const backupId = `bk_${createHash('sha256').update(bytes).digest('hex')}`;
      saved.set(backupId, bytes);
      return { backupId, path: `/fake/${backupId}.asc`, bytes: bytes.length };
    },
    async load(backupId) {
      const bytes = saved.get(backupId);
      if (!bytes) throw new Error(`no backup ${backupId}`);
      return bytes;
    },
    has: async (backupId) => saved.has(backupId),
    list: async () => [...saved.keys()].sort(),
    pathOf: (backupId) => `/fake/${backupId}.asc`,
  };
  return {
    store,
    saved,
    async saveBackup(plaintext: Uint8Array): Promise<{ backupId: string; bytes: number }> {
      options.log?.push('backup.save');
      const { backupId, bytes } = await store.save(plaintext);
      return { backupId, bytes };
    },
    /** The JSON document stored under this id. */
    document(backupId: string): unknown {
      const bytes = saved.get(backupId);
      if (!bytes) throw new Error(`no backup ${backupId}`);
      return JSON.parse(new TextDecoder().decode(bytes));
    },
  };
}
