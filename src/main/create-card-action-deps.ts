import type { Logger } from 'pino';
import { decide } from '../domain/guard.js';
import type { CardActionDeps } from '../http/handle-card-action.js';
import type { Decide } from '../ports/decide.js';
import type { Runtime } from './create-runtime.js';

/**
 * What a card click needs (serve, and the probes' embedded bot), built once per process: the policy in
 * force, the real guard unless a caller passes another, the runtime's audit log and clock, and the
 * process's request store and queues.
 */
export function createCardActionDeps(
  runtime: Runtime,
  parts: Pick<CardActionDeps, 'requests' | 'enqueueLiveOp' | 'enqueueRollback' | 'ackAlert'> & {
    decide?: Decide;
  },
): (logger: Logger) => CardActionDeps {
  const { decide: guard, ackAlert, ...rest } = parts;
  return (logger) => ({
    policy: () => runtime.policy.require(),
    decide: guard ?? decide,
    audit: runtime.audit,
    clock: runtime.clock,
    logger,
    ...rest,
    ...(ackAlert ? { ackAlert } : {}),
  });
}
