import { createHmac } from 'node:crypto';

/**
 * A keyed fingerprint of a secret for the audit log (Vault's audit HMAC): `hmac-sha256:<hex>`. With the
 * key, an operator can check whether a known value was the one loaded; without it, the log reveals
 * nothing about the value, not even to a dictionary attack.
 */
export function fingerprintSecret(key: Uint8Array | string, value: string): string {
  if (key.length === 0) throw new TypeError('fingerprintSecret: the key must not be empty');
  return `hmac-sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`;
}
