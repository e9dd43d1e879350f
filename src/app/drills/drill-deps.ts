import type { LiveOpDeps } from '../live-op/live-op-deps.js';
import type { RequestsDeps } from '../requests/requests-deps.js';

export type DrillDeps = {
  /** Intake-side deps: open requests and prepare the rollback (schema, backup reader, guard evidence). */
  chat: RequestsDeps;
  /** Worker-side deps: the drill runs its approved requests in-process (under the base's lease). */
  liveOp: LiveOpDeps;
  /** How long one governed step may take before the drill gives up (default 60 s). */
  stepTimeoutMs?: number;
};
