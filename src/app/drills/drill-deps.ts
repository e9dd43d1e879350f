import type { ChatDeps } from '../../../jobs/chat-context.js';
import type { LiveOpDeps } from '../live-op/live-op-deps.js';

export type DrillDeps = {
  /** Intake-side deps: open requests and prepare the rollback (schema, backup reader, guard evidence). */
  chat: ChatDeps;
  /** Worker-side deps: the drill runs its approved requests in-process (under the base's lease). */
  liveOp: LiveOpDeps;
  /** How long one governed step may take before the drill gives up (default 60 s). */
  stepTimeoutMs?: number;
};
