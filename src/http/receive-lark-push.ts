import type { Secret } from '../config/secret.js';
import { decryptLarkPayload } from '../lark/decrypt-lark-payload.js';
import { type LarkPush, parseLarkPush } from '../lark/parse-lark-push.js';
import { verifyLarkSignature } from '../lark/verify-lark-signature.js';
import { verifyVerificationToken } from '../lark/verify-verification-token.js';

export type ReceiveOptions = {
  encryptKey: Secret;
  verificationToken: Secret;
  windowSeconds: number;
  nowMs: number;
};

export type Received =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; push: Extract<LarkPush, { kind: 'event' }> }
  | { kind: 'denied'; reason: string };

/**
 * Everything a push must pass before Larkgate reads it, in order, failing closed at each step:
 * 1. The body is `{"encrypt": …}`: Larkgate requires an encrypt key, so a plaintext push is refused.
 * 2. Signed pushes: the signature over the raw bytes, within the time window (before decrypting).
 * 3. Decrypt. Only the url_verification handshake may come unsigned (Lark does not sign it).
 * 4. The verification token inside must match.
 */
export function receiveLarkPush(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  options: ReceiveOptions,
): Received {
  let outer: unknown;
  try {
    outer = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'denied', reason: 'body_not_json' };
  }
  const encrypt =
    typeof outer === 'object' && outer !== null ? (outer as { encrypt?: unknown }).encrypt : undefined;
  if (typeof encrypt !== 'string') return { kind: 'denied', reason: 'not_encrypted' };

  const signed = headers['x-lark-signature'] !== undefined;
  if (signed) {
    const verdict = verifyLarkSignature({
      headers,
      rawBody,
      encryptKey: options.encryptKey.reveal(),
      nowMs: options.nowMs,
      windowSeconds: options.windowSeconds,
    });
    if (!verdict.ok) return { kind: 'denied', reason: verdict.reason };
  }
  let inner: unknown;
  try {
    inner = JSON.parse(decryptLarkPayload(encrypt, options.encryptKey.reveal()));
  } catch {
    return { kind: 'denied', reason: 'cannot_decrypt' };
  }
  const push = parseLarkPush(inner);
  if (push.kind === 'invalid') return { kind: 'denied', reason: push.reason };
  if (!verifyVerificationToken(options.verificationToken.reveal(), push.token))
    return { kind: 'denied', reason: 'bad_token' };
  if (push.kind === 'url_verification') return { kind: 'challenge', challenge: push.challenge };
  if (!signed) return { kind: 'denied', reason: 'missing_headers' };
  return { kind: 'event', push };
}
