import type { BackupDocument } from '../domain/build-backup-document.js';
import { parseBackupDocument } from '../domain/parse-backup-document.js';
import { BackupError } from '../ports/backup-error.js';
import type { BackupStore } from '../ports/backup-store.js';

export type BackupReader = {
  /** The decrypted bytes of a stored backup, after the content-hash and OpenPGP integrity checks. */
  decrypt(backupId: string): Promise<Uint8Array>;
  /** The decrypted, parsed backup document. */
  read(backupId: string): Promise<BackupDocument>;
};

/** Reads Larkgate's own backups back (for rollbacks and `larkgate backup decrypt`). */
export function createBackupReader(deps: {
  store: BackupStore;
  privateKeys: string[];
  passphrase?: string;
}): BackupReader {
  async function decrypt(backupId: string): Promise<Uint8Array> {
    const ciphertext = await deps.store.load(backupId);
    // OpenPGP.js (about 18 MB resident) is loaded on the first decrypt, not by every process that can
    // read a backup: serve builds a reader for rollback clicks but decrypts nothing on its hot path.
    const { decryptBackup } = await import('./decrypt-backup.js');
    return decryptBackup(ciphertext, {
      privateKeys: deps.privateKeys,
      ...(deps.passphrase ? { passphrase: deps.passphrase } : {}),
    });
  }
  return {
    decrypt,
    async read(backupId) {
      const parsed = parseBackupDocument(new TextDecoder().decode(await decrypt(backupId)));
      if (!parsed.ok) throw new BackupError('backup_malformed', `${backupId}: ${parsed.error}`);
      return parsed.document;
    },
  };
}
