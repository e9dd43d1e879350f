import type { AuditStreamFeed } from '../../ports/audit-stream-feed.js';

/** The newest failed rollback drill on one base, as its `drill.failed` event tells it. */
export type DrillFailure = { at: number; drillId: string | null; problem: string | null };

/** The newest rollback drill outcomes per base alias, read from the audit stream. */
export type DrillOutcomes = {
  passes: ReadonlyMap<string, number>;
  failures: ReadonlyMap<string, DrillFailure>;
};

/** Text every drill.* event holds: the feed's cheap filter, so other events are never parsed here. */
export const DRILL_EVENTS = '"drill.';

/**
 * The newest passing and failing rollback drill per base in the audit stream: `drill.passed` /
 * `drill.failed` with `details.drill` = `rollback`, naming `details.base` (outage, rotation, schema and
 * batch-delete drills prove other things). Read from the feed (the drill events of the audit stream: once from
 * the start, then only what was added since). One read at a time: a read that outlives its caller's
 * deadline is joined by the next caller rather than started twice. The guard's drill rule
 * (create-drill-evidence.ts) and the monitor (drill age, failed drills) read drills through this.
 */
export function createDrillOutcomes(feed: AuditStreamFeed) {
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
    for (const text of await feed.readNew()) {
      try {
        take(text);
      } catch {
        // A malformed entry is the audit verifier's business, not evidence.
      }
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
