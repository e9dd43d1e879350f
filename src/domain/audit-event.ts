import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';

/**
 * Every event type Larkgate writes (docs/product.md §5), plus the log's own bookkeeping:
 * `audit.checkpoint` (a signed checkpoint of the event before it) and `audit.sink_gap` (a sink missed
 * some events of this chain while it was down). Add new types here; readers accept any dotted name so an
 * older verifier still checks a newer log.
 */
export const AUDIT_EVENT_TYPES = [
  'service.start',
  'service.stop',
  'auth.accepted',
  'auth.denied',
  'tool.allowed',
  'tool.denied',
  /** The MCP endpoint does not serve (no policy, no pins, drifted pins): once per reason. */
  'mcp.refused',
  'egress.denied',
  'intake.failed',
  'secret.loaded',
  'alignment.checked',
  'request.created',
  'request.card_sent',
  'request.duplicate',
  'request.outdated',
  'request.expired',
  'approval.vote',
  'approval.created',
  'op.queued',
  'backup.created',
  'op.applied',
  'op.verified',
  'op.verify_failed',
  'op.stale',
  'op.failed',
  'rollback.executed',
  'chat.undelivered',
  'drill.passed',
  'drill.failed',
  'alert.paged',
  'alert.acked',
  'alert.resolved',
  'monitor.keepalive',
  'policy.reloaded',
  'stage.promoted',
  'tour.completed',
  'probes.completed',
  'readiness.evaluated',
  'audit.checkpoint',
  'audit.sink_gap',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** `prev` of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_PATTERN = /^[0-9a-f]{64}$/;

export const AuditHash = z.string().regex(HASH_PATTERN, 'a hash is 64 lowercase hex digits');

/** What AuditHash accepts, without zod or a regex (the verifier checks two per event, a million per file). */
export function isAuditHash(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 64) return false;
  for (let index = 0; index < 64; index++) {
    const code = value.charCodeAt(index);
    // 0-9 or a-f
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** One writer process's chain, e.g. `worker-host1-4242-m3k9x2`. */
export const AuditChainId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'a chain id uses letters, digits and . _ : -');

/** Which audit hash key an event was hashed with: a fingerprint of the key, never the key. */
export const AuditKeyId = z.string().regex(/^[0-9a-f]{16}$/, 'a key id is 16 lowercase hex digits');

export const AuditEvent = z.strictObject({
  /** 2: the hash is keyed (HMAC). 1 was an unkeyed SHA-256 that anyone could recompute after an edit. */
  v: z.literal(2),
  kid: AuditKeyId,
  chain: AuditChainId,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  ts: z.iso.datetime(),
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'an event type looks like op.applied'),
  actor: z.string().nullable(),
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.json()),
  prev: AuditHash,
  hash: AuditHash,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Details of an `audit.sink_gap` event: seq ranges of this chain that the named sink does not hold. */
export const AuditSinkGapDetails = z.strictObject({
  sink: z.string().min(1),
  missing: z
    .array(
      z.strictObject({
        from_seq: z.number().int().min(1),
        to_seq: z.number().int().min(1),
      }),
    )
    .min(1),
});
export type AuditSinkGapDetails = z.infer<typeof AuditSinkGapDetails>;

/**
 * The secret that keys every event hash (`audit.hash_key`), with its public id. Without the secret nobody
 * can write an event that verifies, so an edited, re-hashed or forged line shows even when it is chained
 * correctly.
 */
export type AuditHashKey = { id: string; secret: Buffer };

const KEY_ID_CONTEXT = Buffer.from('larkgate audit hash key id\0', 'utf8');

export function buildAuditHashKey(secret: string | Uint8Array): AuditHashKey {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < 16) throw new TypeError('the audit hash key must be at least 16 bytes');
  const id = createHash('sha256').update(KEY_ID_CONTEXT).update(bytes).digest('hex').slice(0, 16);
  return { id, secret: bytes };
}

const LEAF_PREFIX = Buffer.from([0x00]);

/**
 * `hex(HMAC-SHA256(key, 0x00 ‖ canonicalJson(event without hash)))`. The body includes `prev`, `seq`
 * and `kid`, so the hash binds the event to its place in the chain and to the key. The 0x00 byte is
 * domain separation as in RFC 6962 leaves.
 */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'> | AuditEvent, key: AuditHashKey): string {
  const { hash: _ignored, ...body } = event as AuditEvent;
  return hashAuditText(canonicalJson(body), key);
}

/** hashAuditEvent of a body already in canonical JSON (without its hash). */
export function hashAuditText(bodyText: string, key: AuditHashKey): string {
  return createHmac('sha256', key.secret).update(LEAF_PREFIX).update(bodyText, 'utf8').digest('hex');
}

/**
 * The keyed hash of a stored line, straight from its text: every writer stores canonicalJson(event), whose
 * body without `hash` is the text with its `"hash":"…"` member cut out, so no re-serialising is needed.
 * Null when the text does not hold that member between two others. A match proves the text is an event
 * the key holder hashed; a mismatch proves nothing (the text may be re-ordered JSON): check with
 * hashAuditEvent.
 */
export function hashStoredAuditText(text: string, hash: string, key: AuditHashKey): string | null {
  const member = `"hash":${JSON.stringify(hash)}`;
  const at = text.indexOf(member);
  if (at < 0) return null;
  const end = at + member.length;
  let body: string;
  if (text[at - 1] === ',') body = text.slice(0, at - 1) + text.slice(end);
  else if (text[end] === ',') body = text.slice(0, at) + text.slice(end + 1);
  else return null;
  return createHmac('sha256', key.secret).update(LEAF_PREFIX).update(body, 'utf8').digest('hex');
}
