import { z } from 'zod';
import {
  AuditEvent,
  type AuditHashKey,
  hashAuditEvent,
  hashStoredAuditText,
  isAuditHash,
} from './audit-event.js';

/** Where a problem with one stored record is, when known from the record alone. */
export type AuditRecordProblem = {
  reason: 'malformed' | 'hash_mismatch';
  message: string;
  chain?: string;
  seq?: number;
};

/** One record judged on its own: a well-formed event under the configured key, or what is wrong with it. */
export type CheckedAuditText =
  | { event: AuditEvent; problem?: undefined }
  | { event?: undefined; problem: AuditRecordProblem };

/** What JSON.parse returned is JSON already: checking `details` value by value again would only cost time. */
const StoredAuditEvent = AuditEvent.extend({ details: z.record(z.string(), z.unknown()) });

const KID = /^[0-9a-f]{16}$/;
const CHAIN = /^[A-Za-z0-9._:-]+$/;
const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** zod's own pattern for `ts` (the schema's), so the quick check below can never accept what zod refuses. */
const TIMESTAMP = (AuditEvent.shape.ts as unknown as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern;
const MEMBERS = 11;

/**
 * Checks one stored line or stream entry on its own: valid JSON, the event shape, the configured key id,
 * and the keyed hash over exactly what is stored (the text with its `hash` member cut out, as every writer
 * stores canonical JSON; the event re-serialised when that does not match, for other JSON). Chains (order,
 * links, checkpoints) are judged by linkAuditChains over all records.
 *
 * Runs once per event of a log (a million for a large file, in worker threads): the shape is checked by hand
 * first and by zod only when that quick check fails, so a bad event gets zod's exact message.
 */
export function checkAuditText(text: string, key: AuditHashKey): CheckedAuditText {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: { reason: 'malformed', message: 'not valid JSON' } };
  }
  if ((raw as { v?: unknown } | null)?.v === 1) {
    return {
      problem: {
        ...bestEffortIds(raw),
        reason: 'malformed',
        message:
          'an unkeyed v1 event, written before keyed audit hashes: it cannot be checked for tampering (archive the old file; docs/runbooks/audit-verify.md)',
      },
    };
  }
  if (!looksLikeStoredEvent(raw)) {
    const result = StoredAuditEvent.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.length ? issue.path.join('.') : 'event';
      return {
        problem: {
          ...bestEffortIds(raw),
          reason: 'malformed',
          message: `${path}: ${issue?.message ?? 'invalid'}`,
        },
      };
    }
  }
  // Hash the text as parsed, not zod's copy, so exactly what is stored is what gets checked.
  const event = raw as AuditEvent;
  if (event.kid !== key.id) {
    return {
      problem: {
        chain: event.chain,
        seq: event.seq,
        reason: 'hash_mismatch',
        message: `hashed with audit key ${event.kid}, not the configured key ${key.id} (another key, or forged)`,
      },
    };
  }
  // The stored text hashed as it is (fast; every writer stores canonical JSON), else the event re-serialised.
  if (
    hashStoredAuditText(text, event.hash, key) !== event.hash &&
    hashAuditEvent(event, key) !== event.hash
  ) {
    return {
      problem: {
        chain: event.chain,
        seq: event.seq,
        reason: 'hash_mismatch',
        message: 'the event does not match its keyed hash (edited, re-hashed or forged)',
      },
    };
  }
  return { event };
}

/**
 * True only when zod would accept `raw` as a stored event: exactly the event's members, each of its type
 * and pattern. Stricter is fine (zod then decides and words the problem); looser would be a defect.
 */
function looksLikeStoredEvent(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const event = raw as Record<string, unknown>;
  const { details, seq, chain, actor, request_id: requestId } = event;
  return (
    Object.keys(event).length === MEMBERS &&
    event.v === 2 &&
    typeof event.kid === 'string' &&
    KID.test(event.kid) &&
    typeof chain === 'string' &&
    chain.length >= 1 &&
    chain.length <= 200 &&
    CHAIN.test(chain) &&
    typeof seq === 'number' &&
    Number.isSafeInteger(seq) &&
    seq >= 1 &&
    typeof event.ts === 'string' &&
    TIMESTAMP.test(event.ts) &&
    typeof event.type === 'string' &&
    TYPE.test(event.type) &&
    (actor === null || typeof actor === 'string') &&
    (requestId === null || typeof requestId === 'string') &&
    typeof details === 'object' &&
    details !== null &&
    !Array.isArray(details) &&
    isAuditHash(event.prev) &&
    isAuditHash(event.hash)
  );
}

function bestEffortIds(raw: unknown): { chain?: string; seq?: number } {
  if (raw === null || typeof raw !== 'object') return {};
  const { chain, seq } = raw as { chain?: unknown; seq?: unknown };
  return {
    ...(typeof chain === 'string' ? { chain } : {}),
    ...(typeof seq === 'number' && Number.isSafeInteger(seq) ? { seq } : {}),
  };
}
