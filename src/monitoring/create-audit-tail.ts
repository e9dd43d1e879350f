import type { Redis } from 'ioredis';

export type TailEvent = { type: string; ts: number; details: Record<string, unknown> };

/**
 * Reads the audit stream from where it left off (XRANGE after the last id), for burst detection. The first
 * read goes back `lookbackMs` (stream ids start with the time they were added): bursts are about now, not
 * history, but a burst that began just before the monitor started still counts. Each read takes at most
 * `maxPerRead` events.
 */
export function createAuditTail(
  redis: Redis,
  key: string,
  options: { lookbackMs: number; maxPerRead?: number },
) {
  let last: string | null = null;
  return {
    async read(): Promise<TailEvent[]> {
      const start = last === null ? `${Math.max(0, Date.now() - options.lookbackMs)}-0` : `(${last}`;
      const entries = await redis.xrange(key, start, '+', 'COUNT', options.maxPerRead ?? 10_000);
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
