import type { BackupDocument } from '../domain/build-backup-document.js';
import { parseBackupDocument } from '../domain/parse-backup-document.js';
import type { BackupStore } from '../ports/backup-store.js';
import { BackupError } from './backup-error.js';
import { decryptBackup } from './decrypt-backup.js';

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
