import type { Redis } from 'ioredis';
import type { GuardEvidence } from '../domain/guard.js';
import type { Policy } from '../domain/policy.js';

export type DrillEvidenceOptions = {
  redis: Redis;
  /** The audit stream (audit.stream). */
  streamKey: string;
  /** The policy in force: which bases are staging now. */
  policy: () => Policy;
  clock: () => number;
  /** A read serves the guard for this long (default 2 s), so a burst of requests reads the stream once. */
  cacheMs?: number;
  pageSize?: number;
};

/**
 * The guard's evidence from the audit stream: the newest `drill.passed` rollback drill (`details.drill`
 * = `rollback`) on a base the policy marks staging. The stream is read from the start once, then only
 * what was added since (it is never trimmed: audit-stream-sink.ts), with a short cache. A drill on any
 * staging base proves the rollback path every base shares (backup, inverse ops, read-back).
 */
export function createDrillEvidence(options: DrillEvidenceOptions): () => Promise<GuardEvidence> {
  const cacheMs = options.cacheMs ?? 2_000;
  const pageSize = options.pageSize ?? 5_000;
  const newest = new Map<string, number>();
  let lastId = '-';
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | null = null;

  async function readNew(): Promise<void> {
    for (;;) {
      const entries = await options.redis.xrange(
        options.streamKey,
        lastId === '-' ? '-' : `(${lastId}`,
        '+',
        'COUNT',
        pageSize,
      );
      for (const [id, fields] of entries) {
        lastId = id;
        const at = fields.indexOf('e');
        const text = at < 0 ? undefined : fields[at + 1];
        if (text === undefined || !text.includes('"drill.passed"')) continue;
        try {
          const event = JSON.parse(text) as {
            type?: unknown;
            ts?: unknown;
            details?: Record<string, unknown>;
          };
          const base = event.details?.base;
          if (
            event.type !== 'drill.passed' ||
            event.details?.drill !== 'rollback' ||
            typeof base !== 'string'
          ) {
            continue;
          }
          const ts = Date.parse(String(event.ts));
          if (Number.isFinite(ts) && ts > (newest.get(base) ?? 0)) newest.set(base, ts);
        } catch {
          // A malformed entry is the audit verifier's business, not evidence.
        }
      }
      if (entries.length < pageSize) return;
    }
  }

  return async () => {
    if (options.clock() - readAt >= cacheMs) {
      reading ??= readNew().finally(() => {
        reading = null;
      });
      await reading;
      readAt = options.clock();
    }
    let last: number | null = null;
    for (const base of options.policy().bases) {
      const at = base.staging ? newest.get(base.alias) : undefined;
      if (at !== undefined && (last === null || at > last)) last = at;
    }
    return { lastPassingDrillAt: last };
  };
}
