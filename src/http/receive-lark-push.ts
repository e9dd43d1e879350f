import type { Secret } from '../config/secret.js';
import { decryptLarkPayload } from '../lark/decrypt-lark-payload.js';
import { type LarkPush, parseLarkPush } from '../lark/parse-lark-push.js';
import { verifyLarkSignature } from '../lark/verify-lark-signature.js';
import { verifyVerificationToken } from '../lark/verify-verification-token.js';

/** Every reason a push is refused before Larkgate reads it (audited as `auth.denied`). Each has a probe. */
export const AUTH_DENIAL_REASONS = [
  'body_not_json',
  'not_encrypted',
  'missing_headers',
  'stale',
  'future',
  'bad_signature',
  'no_encrypt_key',
  'cannot_decrypt',
  'not_an_object',
  'still_encrypted',
  'unsupported_schema',
  'bad_envelope',
  'bad_token',
] as const;
export type AuthDenialReason = (typeof AUTH_DENIAL_REASONS)[number];

/** During a rotation, the encrypt key being retired: accepted until `validUntilMs` (exclusive), never after. */
export type PreviousKey = { key: Secret; validUntilMs: number };

export type ReceiveOptions = {
  encryptKey: Secret;
  /** Set only while an encrypt-key rotation overlaps (docs/runbooks/rotate-secrets.md). */
  previousEncryptKey?: PreviousKey | null;
  verificationToken: Secret;
  windowSeconds: number;
  nowMs: number;
};

/** Which encrypt key opened the push: the current one, or the previous one inside its overlap. */
export type KeyUsed = 'current' | 'previous';

export type Received =
  | { kind: 'challenge'; challenge: string; key: KeyUsed }
  | { kind: 'event'; push: Extract<LarkPush, { kind: 'event' }>; key: KeyUsed }
  | { kind: 'denied'; reason: AuthDenialReason };

/**
 * Everything a push must pass before Larkgate reads it, in order, failing closed at each step:
 * 1. The body is `{"encrypt": …}`: Larkgate requires an encrypt key, so a plaintext push is refused.
 * 2. Signed pushes: the signature over the raw bytes, within the time window (before decrypting).
 * 3. Decrypt. Only the url_verification handshake may come unsigned (Lark does not sign it).
 * 4. The verification token inside must match.
 * During an encrypt-key rotation the previous key is tried after the current one, and only before its
 * `validUntilMs`: after that a push signed with it is refused as `bad_signature`.
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

  const keys: Array<{ key: Secret; used: KeyUsed }> = [{ key: options.encryptKey, used: 'current' }];
  const previous = options.previousEncryptKey;
  if (previous && options.nowMs < previous.validUntilMs) keys.push({ key: previous.key, used: 'previous' });

  const signed = headers['x-lark-signature'] !== undefined;
  let candidates = keys;
  if (signed) {
    let firstFailure: AuthDenialReason | undefined;
    const verified = keys.find(({ key }) => {
      const verdict = verifyLarkSignature({
        headers,
        rawBody,
        encryptKey: key.reveal(),
        nowMs: options.nowMs,
        windowSeconds: options.windowSeconds,
      });
      if (!verdict.ok) firstFailure ??= verdict.reason;
      return verdict.ok;
    });
    if (!verified) return { kind: 'denied', reason: firstFailure ?? 'bad_signature' };
    candidates = [verified];
  }
  let inner: unknown;
  let used: KeyUsed | undefined;
  for (const { key, used: which } of candidates) {
    try {
      inner = JSON.parse(decryptLarkPayload(encrypt, key.reveal()));
      used = which;
      break;
    } catch {
      // Try the next key (only unsigned handshakes can have more than one candidate here).
    }
  }
  if (used === undefined) return { kind: 'denied', reason: 'cannot_decrypt' };
  const push = parseLarkPush(inner);
  if (push.kind === 'invalid') return { kind: 'denied', reason: push.reason };
  if (!verifyVerificationToken(options.verificationToken.reveal(), push.token))
    return { kind: 'denied', reason: 'bad_token' };
  if (push.kind === 'url_verification') return { kind: 'challenge', challenge: push.challenge, key: used };
  if (!signed) return { kind: 'denied', reason: 'missing_headers' };
  return { kind: 'event', push, key: used };
}
