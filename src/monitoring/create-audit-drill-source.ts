import type { Redis } from 'ioredis';

/** Where the last passing rollback drill per base comes from; pluggable (issue 4 records the drills). */
export type DrillSource = {
  lastPassing(
    bases: ReadonlyArray<{ alias: string; staging: boolean }>,
  ): Promise<Record<string, number | null>>;
};

/** The newest failed rollback drill on one base, as its `drill.failed` event tells it. */
export type DrillFailure = { at: number; drillId: string | null; problem: string | null };

/** The newest rollback drill outcomes per base alias, read from the audit stream. */
export type DrillOutcomes = {
  passes: ReadonlyMap<string, number>;
  failures: ReadonlyMap<string, DrillFailure>;
};

/**
 * The default drill source: passing rollback drills in the audit stream (`drill.passed` with
 * `details.drill` `rollback` or no kind, naming `details.base`; outage and rotation drills prove other
 * things). As the guard's drill rule counts it (src/drills/create-drill-evidence.ts), a drill on any
 * staging base proves the rollback path every base shares; a drill on the base itself counts too. The
 * stream is read once from the start, then only what was added since.
 */
export function createAuditDrillSource(redis: Redis, key: string, pageSize = 5_000): DrillSource {
  const outcomes = createAuditDrillOutcomes(redis, key, pageSize);
  return {
    async lastPassing(bases) {
      const { passes } = await outcomes.read();
      const staging = Math.max(
        0,
        ...bases.filter((base) => base.staging).map((base) => passes.get(base.alias) ?? 0),
      );
      return Object.fromEntries(
        bases.map((base) => {
          const at = Math.max(passes.get(base.alias) ?? 0, staging);
          return [base.alias, at > 0 ? at : null];
        }),
      );
    },
  };
}

/**
 * The newest passing and failing rollback drill per base in the audit stream, read once from the start,
 * then only what was added since. One read at a time: a read that outlives its caller's deadline is
 * joined by the next caller rather than started twice.
 */
export function createAuditDrillOutcomes(redis: Redis, key: string, pageSize = 5_000) {
  let last = '-';
  const passes = new Map<string, number>();
  const failures = new Map<string, DrillFailure>();
  let reading: Promise<void> | null = null;

  async function readNew(): Promise<void> {
    for (;;) {
      const entries = await redis.xrange(key, last === '-' ? '-' : `(${last}`, '+', 'COUNT', pageSize);
      for (const [id, fields] of entries) {
        last = id;
        const index = fields.indexOf('e');
        const text = index < 0 ? undefined : fields[index + 1];
        if (text === undefined || !text.includes('"drill.')) continue;
        try {
          const event = JSON.parse(text) as {
            type?: unknown;
            ts?: unknown;
            details?: Record<string, unknown>;
          };
          const base = event.details?.base;
          const kind = event.details?.drill ?? event.details?.kind;
          if (typeof base !== 'string' || (kind !== undefined && kind !== 'rollback')) continue;
          const at = Date.parse(String(event.ts));
          if (!Number.isFinite(at)) continue;
          if (event.type === 'drill.passed' && at > (passes.get(base) ?? 0)) passes.set(base, at);
          if (event.type === 'drill.failed' && at > (failures.get(base)?.at ?? 0)) {
            const text = (value: unknown) => (typeof value === 'string' ? value : null);
            failures.set(base, {
              at,
              drillId: text(event.details?.drill_id),
              problem: text(event.details?.problem),
            });
          }
        } catch {
          // Malformed entries are the verifier's business.
        }
      }
      if (entries.length < pageSize) return;
    }
  }

  return {
    async read(): Promise<DrillOutcomes> {
      reading ??= readNew().finally(() => {
        reading = null;
      });
      await reading;
      return { passes: new Map(passes), failures: new Map(failures) };
    },
  };
}
