import { createHash } from 'node:crypto';
import type { BackupId } from './backup-id.js';

/** The content address of stored backup bytes: `bk_` + hex SHA-256. */
export function computeBackupId(bytes: Uint8Array): BackupId {
  return `bk_${createHash('sha256').update(bytes).digest('hex')}`;
}
