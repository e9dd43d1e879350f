import type { AuditEvent } from '../../domain/audit-event.js';
import { buildTourDetails, type TourBaseResult } from '../../domain/evaluate-tour.js';
import type { Policy } from '../../domain/policy.js';
import type { AppendAudit } from '../../ports/append-audit.js';
import { runTour, type TourReader } from './run-tour.js';

export type TourDeps = { policy: () => Policy; reader: TourReader; append: AppendAudit };

export type TourRecord = { results: TourBaseResult[]; green: boolean; event: AuditEvent };

/** Runs the read tour with the policy in force, and records it as evidence (`tour.completed`). */
export async function recordReadTour(
  deps: TourDeps,
  only?: readonly string[],
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<TourRecord> {
  const policy = deps.policy();
  const results = await runTour({
    policy,
    reader: deps.reader,
    ...(only ? { only } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const details = buildTourDetails(results);
  const event = await deps.append({
    type: 'tour.completed',
    actor: 'tour',
    requestId: null,
    details: { ...details, policy_hash: policy.hash },
  });
  return { results, green: details.green, event };
}
