import { openRequest } from '../../../jobs/open-request.js';
import type { RequestPlan } from '../../domain/governed-request.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import type { BasePolicy } from '../../domain/policy.js';
import { approveAsDrill } from './approve-as-drill.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillStepEnded } from './drill-step-ended.js';
import { retryRateLimited } from './retry-rate-limited.js';
import { runToFinal } from './run-to-final.js';
import type { StartedEvidenceDrill } from './start-evidence-drill.js';

/** One governed step: the request (card in the drills chat), the drill runner's approval, the live op. */
export async function runGovernedDrillStep(
  requestId: string,
  plan: RequestPlan,
  base: BasePolicy,
  start: StartedEvidenceDrill,
  deps: DrillDeps,
): Promise<string> {
  await retryRateLimited(() =>
    openRequest(
      {
        requestId,
        plan,
        origin: { kind: 'drill', drillId: start.receipt.drillId },
        base,
        requester: DRILL_ACTOR,
        chatId: start.chat,
        sourceMessageId: start.message,
        details: { drill_id: start.receipt.drillId, drill: start.receipt.kind },
      },
      deps.chat,
    ),
  );
  await approveAsDrill(requestId, deps);
  const done = await runToFinal(requestId, deps);
  if (done.state !== 'applied')
    throw new DrillStepEnded(`${plan.op} ${requestId}`, done.state, done.execution?.problem);
  return requestId;
}
