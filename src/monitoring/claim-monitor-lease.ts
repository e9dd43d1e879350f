import type { LeaseClaim, MonitorLease } from '../ports/monitor-lease.js';

/** This round's claim on the monitor lease; no lease = always held; a claim that throws is `unreachable`. */
export async function claimMonitorLease(lease: MonitorLease | undefined): Promise<LeaseClaim> {
  if (!lease) return { kind: 'held' };
  return lease.claim().catch((error: Error) => ({ kind: 'unreachable', reason: error.message }));
}
