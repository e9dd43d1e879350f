import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptLarkPayload, LarkDecryptError } from './decrypt-lark-payload.js';

/** Lark's encryption, written here from the docs: AES-256-CBC, key sha256(encryptKey), IV prepended. */
function encrypt(plain: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

describe('decryptLarkPayload', () => {
  it('decrypts the test vector from the Lark docs', () => {
    expect(decryptLarkPayload('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe(
      'hello world',
    );
  });

  it('round-trips any text encrypted the documented way', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (plain, key) => {
        expect(decryptLarkPayload(encrypt(plain, key), key)).toBe(plain);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['an empty key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', '', 'no_encrypt_key'],
    ['text that is not base64', 'not base64!', 'test key', 'not_base64'],
    ['a blob shorter than IV + one block', Buffer.alloc(16).toString('base64'), 'test key', 'bad_length'],
    ['a blob not a whole number of blocks', Buffer.alloc(40).toString('base64'), 'test key', 'bad_length'],
  ])('refuses %s', (_name, blob, key, reason) => {
    expect(() => decryptLarkPayload(blob, key)).toThrow(expect.objectContaining({ reason }));
  });

  it('refuses the wrong key with a typed error (or, rarely, yields text that is not the plaintext)', () => {
    let typedErrors = 0;
    for (let i = 0; i < 50; i += 1) {
      try {
        expect(decryptLarkPayload(encrypt('{"challenge":"x"}', 'right key'), 'wrong key')).not.toBe(
          '{"challenge":"x"}',
        );
      } catch (error) {
        expect(error).toBeInstanceOf(LarkDecryptError);
        typedErrors += 1;
      }
    }
    expect(typedErrors).toBeGreaterThan(0);
  });

  it('never throws anything but LarkDecryptError on random input (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String()), fc.string(), (blob, key) => {
        try {
          decryptLarkPayload(blob, key);
        } catch (error) {
          expect(error).toBeInstanceOf(LarkDecryptError);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
