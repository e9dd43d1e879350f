import type { Redis } from 'ioredis';

/** The newest failed rollback drill on one base, as its `drill.failed` event tells it. */
export type DrillFailure = { at: number; drillId: string | null; problem: string | null };

/** The newest rollback drill outcomes per base alias, read from the audit stream. */
export type DrillOutcomes = {
  passes: ReadonlyMap<string, number>;
  failures: ReadonlyMap<string, DrillFailure>;
};

/**
 * The newest passing and failing rollback drill per base in the audit stream: `drill.passed` /
 * `drill.failed` with `details.drill` = `rollback`, naming `details.base` (outage, rotation, schema and
 * batch-delete drills prove other things). Read once from the start, then only what was added since (the
 * stream is never trimmed: audit-stream-sink.ts). One read at a time: a read that outlives its caller's
 * deadline is joined by the next caller rather than started twice. The guard's drill rule
 * (create-drill-evidence.ts) and the monitor (drill age, failed drills) read drills through this.
 */
export function createDrillOutcomes(redis: Redis, key: string, pageSize = 5_000) {
  let last = '-';
  const passes = new Map<string, number>();
  const failures = new Map<string, DrillFailure>();
  let reading: Promise<void> | null = null;

  function take(text: string): void {
    const event = JSON.parse(text) as { type?: unknown; ts?: unknown; details?: Record<string, unknown> };
    const base = event.details?.base;
    if (typeof base !== 'string' || event.details?.drill !== 'rollback') return;
    const at = Date.parse(String(event.ts));
    if (!Number.isFinite(at)) return;
    if (event.type === 'drill.passed' && at > (passes.get(base) ?? 0)) passes.set(base, at);
    if (event.type === 'drill.failed' && at > (failures.get(base)?.at ?? 0)) {
      const textOf = (value: unknown) => (typeof value === 'string' ? value : null);
      failures.set(base, {
        at,
        drillId: textOf(event.details?.drill_id),
        problem: textOf(event.details?.problem),
      });
    }
  }

  async function readNew(): Promise<void> {
    for (;;) {
      const entries = await redis.xrange(key, last === '-' ? '-' : `(${last}`, '+', 'COUNT', pageSize);
      for (const [id, fields] of entries) {
        last = id;
        const index = fields.indexOf('e');
        const text = index < 0 ? undefined : fields[index + 1];
        if (text === undefined || !text.includes('"drill.')) continue;
        try {
          take(text);
        } catch {
          // A malformed entry is the audit verifier's business, not evidence.
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
