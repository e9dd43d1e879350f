import type { LeaseClaim } from './decide-monitor-role.js';

/** The monitor lease across replicas (src/store/create-monitor-lease.ts). */
export type MonitorLeasePort = {
  /** This replica's name in the lease. */
  holder: string;
  claim(): Promise<LeaseClaim>;
  release(): Promise<void>;
};
