import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a push's verification token (`header.token`, or `token` in url_verification) with the
 * configured one in constant time. Both are hashed first so that lengths leak nothing and the buffers
 * are equal in length. An empty expected token never matches.
 */
export function verifyVerificationToken(expected: string, got: unknown): boolean {
  if (typeof expected !== 'string' || expected.length === 0 || typeof got !== 'string') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(got, 'utf8').digest();
  return timingSafeEqual(a, b);
}
