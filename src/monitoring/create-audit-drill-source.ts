import type { Redis } from 'ioredis';

/** Where the last passing rollback drill per base comes from; pluggable (issue 4 records the drills). */
export type DrillSource = { lastPassing(aliases: readonly string[]): Promise<Record<string, number | null>> };

/**
 * The default drill source: `drill.passed` events in the audit stream whose details name the base
 * (`details.base`), other than outage drills (which prove paging, not rollback). The stream is read once
 * from the start, then only what was added since.
 */
export function createAuditDrillSource(redis: Redis, key: string, pageSize = 5_000): DrillSource {
  let last = '-';
  const newest = new Map<string, number>();
  return {
    async lastPassing(aliases) {
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
            if (event.type !== 'drill.passed' || typeof base !== 'string' || kind === 'outage') continue;
            const at = Date.parse(String(event.ts));
            if (Number.isFinite(at) && at > (newest.get(base) ?? 0)) newest.set(base, at);
          } catch {
            // Malformed entries are the verifier's business.
          }
        }
        if (entries.length < pageSize) break;
      }
      return Object.fromEntries(aliases.map((alias) => [alias, newest.get(alias) ?? null]));
    },
  };
}
