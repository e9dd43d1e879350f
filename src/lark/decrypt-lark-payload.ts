import { createDecipheriv, createHash } from 'node:crypto';

/** The `encrypt` field of a push could not be decrypted into text. */
export class LarkDecryptError extends Error {
  readonly code = 'lark_decrypt_failed';
  constructor(readonly reason: 'no_encrypt_key' | 'not_base64' | 'bad_length' | 'bad_padding' | 'not_utf8') {
    super(`could not decrypt the Lark payload: ${reason}`);
    this.name = 'LarkDecryptError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Stateless between calls (no `stream` option), so one decoder serves every push. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts a push's `encrypt` field: AES-256-CBC, key = sha256(encryptKey), IV = the first 16 bytes of the
 * base64-decoded blob, PKCS#7 padding (docs/reference/lark-api.md §1.5, §4). CBC has no MAC: verify the signature over
 * the raw body before calling this.
 */
export function decryptLarkPayload(encrypt: string, encryptKey: string): string {
  if (typeof encryptKey !== 'string' || encryptKey.length === 0) throw new LarkDecryptError('no_encrypt_key');
  if (typeof encrypt !== 'string' || !BASE64.test(encrypt) || encrypt.length % 4 !== 0) {
    throw new LarkDecryptError('not_base64');
  }
  const blob = Buffer.from(encrypt, 'base64');
  if (blob.length < 32 || blob.length % 16 !== 0) throw new LarkDecryptError('bad_length');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, blob.subarray(0, 16));
    plain = Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]);
  } catch {
    throw new LarkDecryptError('bad_padding');
  }
  try {
    return UTF8.decode(plain);
  } catch {
    throw new LarkDecryptError('not_utf8');
  }
}
