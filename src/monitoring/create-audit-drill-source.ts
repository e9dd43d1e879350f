import type { Redis } from 'ioredis';
import { createDrillOutcomes, DRILL_EVENTS } from '../app/drills/create-drill-outcomes.js';
import { createAuditStreamFeed } from '../store/create-audit-stream-feed.js';

/** Where the last passing rollback drill per base comes from; pluggable (issue 4 records the drills). */
export type DrillSource = {
  lastPassing(
    bases: ReadonlyArray<{ alias: string; staging: boolean }>,
  ): Promise<Record<string, number | null>>;
};

/**
 * The default drill source: passing rollback drills in the audit stream (createDrillOutcomes). As the
 * guard's drill rule counts it (src/app/drills/create-drill-evidence.ts), a drill on any staging base proves
 * the rollback path every base shares; a drill on the base itself counts too.
 */
export function createAuditDrillSource(redis: Redis, key: string, pageSize = 5_000): DrillSource {
  const outcomes = createDrillOutcomes(
    createAuditStreamFeed(redis, key, { pageSize, contains: DRILL_EVENTS }),
  );
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
