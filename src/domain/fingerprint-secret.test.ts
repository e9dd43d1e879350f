import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintSecret } from './fingerprint-secret.js';

describe('fingerprintSecret', () => {
  it('is hmac-sha256 followed by 64 hex digits (RFC 4231 test case 2)', () => {
    expect(fingerprintSecret('Jefe', 'what do ya want for nothing?')).toBe(
      'hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('never contains the secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        fc.string({ minLength: 12 }),
        (key, value) => {
          const fingerprint = fingerprintSecret(key, value);
          expect(fingerprint).not.toContain(value);
          expect(fingerprint).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
        },
      ),
    );
  });

  it('gives the same fingerprint for the same key and value, and another for another key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        fc.string(),
        (key, otherKey, value) => {
          fc.pre(Buffer.compare(Buffer.from(key), Buffer.from(otherKey)) !== 0);
          expect(fingerprintSecret(key, value)).toBe(fingerprintSecret(Uint8Array.from(key), value));
          expect(fingerprintSecret(otherKey, value)).not.toBe(fingerprintSecret(key, value));
        },
      ),
    );
  });

  it('tells different values apart under one key', () => {
    expect(fingerprintSecret('k', 'app-secret-1')).not.toBe(fingerprintSecret('k', 'app-secret-2'));
  });

  it('refuses an empty key, which would make it a plain, guessable hash', () => {
    expect(() => fingerprintSecret('', 'value')).toThrow(TypeError);
    expect(() => fingerprintSecret(new Uint8Array(), 'value')).toThrow(TypeError);
  });
});
