import {
  AuditEvent,
  type AuditEventType,
  type AuditHashKey,
  GENESIS_HASH,
  hashAuditText,
} from './audit-event.js';
import { canonicalJson } from './canonical-json.js';

/** An event without its details: what buildAuditEvent checks after toJsonObject has checked the details. */
const AuditEnvelope = AuditEvent.omit({ details: true });

/** Where a chain stands: its last event, or nothing yet (`seq: 0`). */
export type AuditChainHead = { chain: string; seq: number; hash: string } | { chain: string; seq: 0 };

export type AuditInput = {
  type: AuditEventType;
  actor?: string | null;
  requestId?: string | null;
  /** JSON only: plain objects, arrays, strings, finite numbers, booleans, null. Never a secret value. */
  details?: Record<string, unknown>;
};

/**
 * The next event of a chain: `seq` one more than the head's, `prev` the head's hash (zeros for the
 * first), `hash` the keyed hash of the rest. Throws a TypeError when the input is not plain JSON, because an event
 * we cannot hash reproducibly must not be written.
 */
export function buildAuditEvent(
  head: AuditChainHead,
  input: AuditInput,
  now: Date,
  key: AuditHashKey,
): AuditEvent {
  return buildAuditEventLine(head, input, now, key).event;
}

/**
 * buildAuditEvent, and the line the sinks store: `canonicalJson(event)`, made from the canonical text the
 * hash was computed over instead of serialising the event a second time. Keys are sorted, so `hash` goes
 * right before the top-level `kid`; that member is the last `,"kid":` in the text, since every member after
 * it (prev, request_id, seq, ts, type, v) is a scalar and a quote inside a JSON string is always escaped.
 */
export function buildAuditEventLine(
  head: AuditChainHead,
  input: AuditInput,
  now: Date,
  key: AuditHashKey,
): { event: AuditEvent; line: string } {
  const body = {
    v: 2 as const,
    kid: key.id,
    chain: head.chain,
    seq: head.seq + 1,
    ts: now.toISOString(),
    type: input.type,
    actor: input.actor ?? null,
    request_id: input.requestId ?? null,
    details: toJsonObject(input.details ?? {}, 'details'),
    prev: 'hash' in head ? head.hash : GENESIS_HASH,
  };
  const bodyText = canonicalJson(body);
  const event = { ...body, hash: hashAuditText(bodyText, key) };
  // `details` is already a deep copy that holds only JSON (toJsonObject refuses anything else), so only the
  // envelope is checked against the schema: z.json() walking every detail again cost more than the hash.
  const { details: _checked, ...envelope } = event;
  const parsed = AuditEnvelope.safeParse(envelope);
  if (!parsed.success) {
    throw new TypeError(`buildAuditEvent: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const at = bodyText.lastIndexOf(',"kid":');
  const line = `${bodyText.slice(0, at)},"hash":${JSON.stringify(event.hash)}${bodyText.slice(at)}`;
  return { event, line };
}

/** `${role}-${hostname}-${pid}-${startMs in base 36}`: unique per writer process, safe as a chain id. */
export function buildAuditChainId(parts: {
  role: string;
  hostname: string;
  pid: number;
  startMs: number;
}): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._:]/g, '_').slice(0, 80) || '_';
  return `${safe(parts.role)}-${safe(parts.hostname)}-${parts.pid}-${parts.startMs.toString(36)}`;
}

/**
 * A deep copy that holds only JSON: object members that are `undefined` are dropped (as JSON.stringify
 * does), anything that would not survive a round trip through JSON unchanged is refused.
 */
function toJsonObject(value: Record<string, unknown>, path: string): AuditEvent['details'] {
  const copy = toJson(value, path);
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) {
    throw new TypeError(`buildAuditEvent: ${path} must be a plain object`);
  }
  return copy as AuditEvent['details'];
}

function toJson(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`buildAuditEvent: ${path} is not a finite number`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      if (item === undefined) throw new TypeError(`buildAuditEvent: ${path}[${index}] is undefined`);
      return toJson(item, `${path}[${index}]`);
    });
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`buildAuditEvent: ${path} is not a plain object (convert it first)`);
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      Object.defineProperty(copy, key, {
        value: toJson(item, `${path}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  throw new TypeError(`buildAuditEvent: ${path} is a ${typeof value}, not JSON`);
}
