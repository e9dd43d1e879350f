import type { Key } from 'openpgp';

/**
 * How error messages name a key: its fingerprint as gpg prints it (upper-case hex) and its first user id,
 * JSON-quoted so a user id cannot inject lines into a log.
 */
export function describeKey(key: Key): string {
  const fingerprint = key.getFingerprint().toUpperCase();
  const [userId] = key.getUserIDs();
  return userId === undefined ? `${fingerprint} (no user id)` : `${fingerprint} ${JSON.stringify(userId)}`;
}
