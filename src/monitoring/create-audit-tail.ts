import type { Redis } from 'ioredis';

export type TailEvent = { type: string; ts: number; details: Record<string, unknown> };

/**
 * Reads the audit stream from where it left off (XRANGE after the last id), for burst detection. The first
 * read starts at the end: bursts are about now, not history. Each read takes at most `maxPerRead` events.
 */
export function createAuditTail(redis: Redis, key: string, maxPerRead = 10_000) {
  let last: string | null = null;
  return {
    async read(): Promise<TailEvent[]> {
      if (last === null) {
        const newest = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
        last = newest[0]?.[0] ?? '0-0';
        return [];
      }
      const entries = await redis.xrange(key, `(${last}`, '+', 'COUNT', maxPerRead);
      const events: TailEvent[] = [];
      for (const [id, fields] of entries) {
        last = id;
        const text = fields[fields.indexOf('e') + 1];
        if (fields.indexOf('e') < 0 || text === undefined) continue;
        try {
          const event = JSON.parse(text) as { type?: unknown; ts?: unknown; details?: unknown };
          if (typeof event.type !== 'string' || typeof event.ts !== 'string') continue;
          events.push({
            type: event.type,
            ts: Date.parse(event.ts),
            details: (event.details ?? {}) as Record<string, unknown>,
          });
        } catch {
          // A malformed entry is the verifier's business, not the burst counter's.
        }
      }
      return events;
    },
  };
}
