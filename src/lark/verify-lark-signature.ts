import { createHash, timingSafeEqual } from 'node:crypto';

export type LarkSignatureInput = {
  /** Request headers as Node gives them (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: the signature covers these bytes, not a re-serialisation. */
  rawBody: Buffer;
  encryptKey: string;
  nowMs: number;
  /** Largest accepted |now − X-Lark-Request-Timestamp|, in seconds. */
  windowSeconds: number;
};

export type LarkSignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'stale' | 'future' | 'bad_signature' | 'no_encrypt_key' };

/**
 * Checks a Lark push (event or card callback) the way the SDK should and does not (docs/reference/reliability-notes.md
 * §3.2): `X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody))`, plain SHA-256, not HMAC
 * (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case).
 * 1. No encrypt key configured → refuse: without one nothing can be verified (the SDK accepts everything).
 * 2. All three headers, each exactly once; the timestamp whole seconds.
 * 3. |now − timestamp| ≤ window, so a captured push cannot be replayed later (or pre-dated).
 * 4. The digest over the raw bytes, compared in constant time.
 * Pure: the clock is passed in; it never throws.
 */
export function verifyLarkSignature(input: LarkSignatureInput): LarkSignatureVerdict {
  if (typeof input.encryptKey !== 'string' || input.encryptKey.length === 0) {
    return { ok: false, reason: 'no_encrypt_key' };
  }
  const timestamp = headerOnce(input.headers, 'x-lark-request-timestamp');
  const nonce = headerOnce(input.headers, 'x-lark-request-nonce');
  const signature = headerOnce(input.headers, 'x-lark-signature');
  if (
    timestamp === undefined ||
    nonce === undefined ||
    signature === undefined ||
    !Buffer.isBuffer(input.rawBody)
  ) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing_headers' };

  const skewMs = input.nowMs - Number(timestamp) * 1000;
  const windowMs = input.windowSeconds * 1000;
  if (!(skewMs <= windowMs)) return { ok: false, reason: 'stale' };
  if (!(-skewMs <= windowMs)) return { ok: false, reason: 'future' };

  const expected = createHash('sha256')
    .update(Buffer.from(timestamp + nonce + input.encryptKey, 'utf8'))
    .update(input.rawBody)
    .digest();
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true };
}

/** The header's value when it was sent exactly once and is non-empty. */
function headerOnce(headers: LarkSignatureInput['headers'], name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
