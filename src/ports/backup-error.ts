/**
 * Why a backup operation failed. `recipient_key_refused` and `signing_key_refused` come from config load and
 * stop the process; the rest come from encrypting, storing, loading or decrypting one backup.
 */
export type BackupErrorCode =
  | 'recipient_key_refused'
  | 'signing_key_refused'
  | 'encrypt_failed'
  | 'backup_id_invalid'
  | 'backup_not_found'
  | 'backup_hash_mismatch'
  | 'backup_malformed'
  | 'backup_not_for_these_keys'
  | 'decryption_key_invalid'
  | 'decryption_key_locked'
  | 'backup_integrity_failed'
  | 'backup_signature_invalid';

/** An `Error` with a code from {@link BackupErrorCode}; the message says what happened and what to do. */
export class BackupError extends Error {
  readonly code: BackupErrorCode;

  constructor(code: BackupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
    this.code = code;
  }
}
