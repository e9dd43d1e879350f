import type { DrillDeps } from '../app/drills/drill-deps.js';
import { createChatDeps } from './create-chat-deps.js';
import { createLiveOpDeps } from './create-live-op-deps.js';
import type { Runtime } from './create-runtime.js';

/** The drill runner's deps: the intake side (requests, rollback preparation) and the live op, in-process. */
export async function createDrillDeps(
  runtime: Runtime,
  options: { reconcileDelayMs?: number; stepTimeoutMs?: number } = {},
): Promise<DrillDeps> {
  const logger = runtime.logger.child({ drill: true });
  const liveOp = await createLiveOpDeps(runtime, {
    ...(options.reconcileDelayMs === undefined ? {} : { reconcileDelayMs: options.reconcileDelayMs }),
  });
  return {
    chat: createChatDeps(runtime)(logger),
    liveOp: { ...liveOp, logger },
    ...(options.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: options.stepTimeoutMs }),
  };
}
