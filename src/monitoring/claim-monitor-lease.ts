import type { LeaseClaim } from './decide-monitor-role.js';
import type { MonitorLeasePort } from './monitor-lease-port.js';

/** This round's claim on the monitor lease; no lease = always held; a claim that throws is `unreachable`. */
export async function claimMonitorLease(lease: MonitorLeasePort | undefined): Promise<LeaseClaim> {
  if (!lease) return { kind: 'held' };
  return lease.claim().catch((error: Error) => ({ kind: 'unreachable', reason: error.message }));
}
