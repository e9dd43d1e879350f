import { FINAL_STATES, type GovernedRequest } from '../../domain/governed-request.js';
import { runLiveOp } from '../live-op/run-live-op.js';
import { RetryLater } from '../retry-later.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';

/** Runs the live op in this process until the request reaches a final state (the base lease serialises it). */
export async function runToFinal(requestId: string, deps: DrillDeps): Promise<GovernedRequest> {
  const deadline = Date.now() + (deps.stepTimeoutMs ?? 60_000);
  for (;;) {
    const stored = await deps.chat.requests.get(requestId);
    if (!stored) throw new DrillProblem(`request ${requestId} is missing`);
    if (FINAL_STATES.has(stored.request.state)) return stored.request;
    if (Date.now() > deadline)
      throw new DrillProblem(`${requestId} did not finish in time (it is ${stored.request.state})`);
    try {
      await runLiveOp(requestId, deps.liveOp);
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.delayMs ?? 200, 1_000)));
    }
  }
}
