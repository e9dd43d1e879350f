import type { Redis } from 'ioredis';

/** Where the last passing rollback drill per base comes from; pluggable (issue 4 records the drills). */
export type DrillSource = {
  lastPassing(
    bases: ReadonlyArray<{ alias: string; staging: boolean }>,
  ): Promise<Record<string, number | null>>;
};

/**
 * The default drill source: passing rollback drills in the audit stream (`drill.passed` with
 * `details.drill` `rollback` or no kind, naming `details.base`; outage and rotation drills prove other
 * things). As the guard's drill rule counts it (src/drills/create-drill-evidence.ts), a drill on any
 * staging base proves the rollback path every base shares; a drill on the base itself counts too. The
 * stream is read once from the start, then only what was added since.
 */
export function createAuditDrillSource(redis: Redis, key: string, pageSize = 5_000): DrillSource {
  let last = '-';
  const newest = new Map<string, number>();
  return {
    async lastPassing(bases) {
      for (;;) {
        const entries = await redis.xrange(key, last === '-' ? '-' : `(${last}`, '+', 'COUNT', pageSize);
        for (const [id, fields] of entries) {
          last = id;
          const text = fields[fields.indexOf('e') + 1];
          if (fields.indexOf('e') < 0 || text === undefined || !text.includes('"drill.passed"')) continue;
          try {
            const event = JSON.parse(text) as {
              type?: unknown;
              ts?: unknown;
              details?: Record<string, unknown>;
            };
            const base = event.details?.base;
            const kind = event.details?.drill ?? event.details?.kind;
            if (event.type !== 'drill.passed' || typeof base !== 'string') continue;
            if (kind !== undefined && kind !== 'rollback') continue;
            const at = Date.parse(String(event.ts));
            if (Number.isFinite(at) && at > (newest.get(base) ?? 0)) newest.set(base, at);
          } catch {
            // Malformed entries are the verifier's business.
          }
        }
        if (entries.length < pageSize) break;
      }
      const staging = Math.max(
        0,
        ...bases.filter((base) => base.staging).map((base) => newest.get(base.alias) ?? 0),
      );
      return Object.fromEntries(
        bases.map((base) => {
          const at = Math.max(newest.get(base.alias) ?? 0, staging);
          return [base.alias, at > 0 ? at : null];
        }),
      );
    },
  };
}
