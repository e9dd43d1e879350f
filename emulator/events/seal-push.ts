import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** A push ready to send: the exact body bytes and the headers that sign them. */
export type SealedPush = { body: string; headers: Record<string, string> };

/**
 * Encrypts and signs a push as Lark does (docs/reference/lark-api.md §4, §1.5):
 * 1. `encrypt` = base64(iv ‖ AES-256-CBC(key = SHA-256(encryptKey), iv, PKCS7(JSON))) with a random 16-byte iv;
 * 2. the body is exactly `JSON.stringify({encrypt})`, compact, so the node-sdk's re-serialising check matches;
 * 3. `X-Lark-Signature` = hex(sha256(timestamp + nonce + encryptKey + body bytes)).
 * Every call draws a fresh iv and nonce, so a retry of the same event is a fresh, independently valid request.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function sealPush(payload: unknown, encryptKey: string, nowMs: number): SealedPush {
  const body = JSON.stringify({ encrypt: encryptPayload(JSON.stringify(payload), encryptKey) });
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Lark-Request-Timestamp': timestamp,
      'X-Lark-Request-Nonce': nonce,
      'X-Lark-Signature': signPushBody(timestamp, nonce, encryptKey, body),
    },
  };
}

export function encryptPayload(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signPushBody(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(Buffer.from(timestamp + nonce + encryptKey, 'utf8'))
    .update(Buffer.from(body, 'utf8'))
    .digest('hex');
}
