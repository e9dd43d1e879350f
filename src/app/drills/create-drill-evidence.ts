import type { GuardEvidence } from '../../domain/guard.js';
import type { Policy } from '../../domain/policy.js';
import type { AuditStreamFeed } from '../../ports/audit-stream-feed.js';
import { createDrillOutcomes, type DrillOutcomes } from './create-drill-outcomes.js';

export type DrillEvidenceOptions = {
  /** The drill events of the audit stream (audit.stream), read forward. */
  feed: AuditStreamFeed;
  /** The policy in force: which bases are staging now. */
  policy: () => Policy;
  clock: () => number;
  /** A read serves the guard for this long (default 2 s), so a burst of requests reads the stream once. */
  cacheMs?: number;
};

/**
 * The guard's evidence from the audit stream: the newest `drill.passed` rollback drill (`details.drill`
 * = `rollback`) on a base the policy marks staging, read through createDrillOutcomes with a short cache. A drill on any
 * staging base proves the rollback path every base shares (backup, inverse ops, read-back).
 */
export function createDrillEvidence(options: DrillEvidenceOptions): () => Promise<GuardEvidence> {
  const cacheMs = options.cacheMs ?? 2_000;
  const outcomes = createDrillOutcomes(options.feed);
  let passes: DrillOutcomes['passes'] = new Map();
  let readAt = Number.NEGATIVE_INFINITY;

  return async () => {
    if (options.clock() - readAt >= cacheMs) {
      passes = (await outcomes.read()).passes;
      readAt = options.clock();
    }
    let last: number | null = null;
    for (const base of options.policy().bases) {
      const at = base.staging ? passes.get(base.alias) : undefined;
      if (at !== undefined && (last === null || at > last)) last = at;
    }
    return { lastPassingDrillAt: last };
  };
}
