export type SavedBackup = {
  /** `bk_` and the SHA-256 hex of the stored bytes (src/backup/backup-id.ts). */
  backupId: string;
  /** Absolute or as-given path of `<dir>/<backupId>.asc`. */
  path: string;
  bytes: number;
};

export type BackupStore = {
  /** Stores the ciphertext under its content hash; saving the same bytes again is a no-op with the same id. */
  save(ciphertext: Uint8Array): Promise<SavedBackup>;
  /** The stored bytes, after checking they still hash to `backupId`; refuses an altered file. */
  load(backupId: string): Promise<Uint8Array>;
  /** Whether a file for `backupId` exists (no hash check: `load` does that). */
  has(backupId: string): Promise<boolean>;
  /** Every stored backup id, sorted. */
  list(): Promise<string[]>;
  /** Where a backup lives; refuses anything that is not a backup id. */
  pathOf(backupId: string): string;
};
