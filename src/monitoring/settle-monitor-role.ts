import type { Logger } from 'pino';
import type { LeaseClaim } from '../ports/monitor-lease.js';
import type { AlertBookCell } from './alert-book-cell.js';
import type { BookMirror } from './create-book-mirror.js';
import type { Metrics } from './create-metrics.js';
import type { MonitorInbox } from './create-monitor-inbox.js';
import { decideMonitorRole, type MonitorRole } from './decide-monitor-role.js';

export type LeadershipDeps = {
  /** This replica's name in the monitor lease. */
  holder: string;
  book: AlertBookCell;
  mirror: BookMirror;
  inbox?: MonitorInbox | undefined;
  metrics?: Metrics | undefined;
  logger: Logger;
};

/**
 * Applies a lease claim's outcome (decide-monitor-role.ts) and returns the role that follows. A replica that
 * starts leading on the lease loads the mirrored book (an open episode continues, not paged again); one that
 * stops leading hands its book to the leader's inbox.
 */
export async function settleMonitorRole(
  role: MonitorRole,
  found: LeaseClaim,
  deps: LeadershipDeps,
): Promise<MonitorRole> {
  const next = decideMonitorRole(role, found);
  if (next.leading && !role.leading) await takeOver(next, deps);
  if (!next.leading && role.leading) await handOver(deps);
  if (next.basis !== role.basis || next.holder !== role.holder) {
    const data = { basis: next.basis, holder: next.holder, was: role.basis };
    if (next.basis === 'lease' || next.basis === 'lease_elsewhere')
      deps.logger.info(data, 'monitor role changed');
    else
      deps.logger.warn(
        { ...data, ...(found.kind === 'unreachable' ? { err: found.reason } : {}) },
        'monitor role changed while Redis does not answer',
      );
  }
  deps.metrics?.setMonitorRole(next);
  return next;
}

/** Starts leading: with the lease, from the book the last leader mirrored (an open episode continues). */
async function takeOver(next: MonitorRole, deps: LeadershipDeps): Promise<void> {
  if (next.basis !== 'lease') return;
  try {
    const restored = await deps.mirror.load();
    if (restored) deps.book.set(restored);
  } catch (error) {
    // Paging twice beats not paging: lead with what this process holds.
    deps.logger.error(
      { err: (error as Error).message },
      'could not read the mirrored alert book: leading without it',
    );
  }
}

/** Stops leading: the book goes to the leader's inbox (it may hold pages sent while Redis was down). */
async function handOver(deps: LeadershipDeps): Promise<void> {
  const handed = deps.book.get();
  deps.book.set({});
  deps.mirror.forget();
  deps.metrics?.setAlerts({});
  if (!deps.inbox || Object.keys(handed).length === 0) return;
  await deps.inbox
    .push({ kind: 'handoff', from: deps.holder, book: handed })
    .catch((error: Error) =>
      deps.logger.error({ err: error.message }, 'could not hand the alert book over to the leader'),
    );
}
