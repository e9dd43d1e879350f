import { createPushRefusals, type PushRefusals } from '../http/create-push-refusals.js';
import type { Audit } from '../ports/audit.js';
import type { Runtime } from './create-runtime.js';

/**
 * The cheap refusals in front of push verification, as `server.pushes` configures them (serve, and the
 * probes' embedded bot). `audit` defaults to the runtime's; `flushEveryMs: null` runs no window timer.
 */
export function createServeRefusals(
  runtime: Runtime,
  options: { audit?: Audit; flushEveryMs?: number | null } = {},
): PushRefusals {
  const pushes = runtime.loaded.config.server.pushes;
  return createPushRefusals({
    perSecond: pushes.per_second,
    burst: pushes.burst,
    windowMs: pushes.denial_window_seconds * 1000,
    clock: runtime.clock,
    audit: options.audit ?? runtime.audit,
    logger: runtime.logger,
    ...(options.flushEveryMs !== undefined ? { flushEveryMs: options.flushEveryMs } : {}),
  });
}
