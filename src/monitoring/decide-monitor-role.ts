import type { LeaseClaim } from '../ports/monitor-lease.js';

/**
 * Why a replica's monitor leads or follows:
 * - `lease`: it holds the Redis lease;
 * - `redis_down_was_leader`: Redis does not answer and it held the lease when Redis last did;
 * - `redis_down_no_leader_known`: Redis does not answer and it never saw anyone hold the lease (a replica
 *   started while Redis is down): it must page, or nobody would;
 * - `lease_elsewhere`: another replica holds the lease;
 * - `redis_down_other_leader`: Redis does not answer and another replica held the lease when it last did;
 * - `unknown`: no claim yet;
 * - `unshared`: no lease at all (one monitor, as in unit tests): it always leads.
 */
export type MonitorRoleBasis =
  | 'lease'
  | 'redis_down_was_leader'
  | 'redis_down_no_leader_known'
  | 'lease_elsewhere'
  | 'redis_down_other_leader'
  | 'unknown'
  | 'unshared';

export type MonitorRole = {
  /** True: this replica evaluates alerts and pages this round. */
  leading: boolean;
  basis: MonitorRoleBasis;
  /** The other replica last seen holding the lease. */
  holder: string | null;
};

export const NO_CLAIM_YET: MonitorRole = { leading: false, basis: 'unknown', holder: null };

/**
 * The leadership rule (pure): one monitor pages at a time across replicas, and a Redis outage still pages.
 * 1. The lease holder leads; a replica that sees another holder follows (stays quiet).
 * 2. Redis unreachable: whoever led keeps leading until Redis answers again (then step 1 decides: it
 *    re-acquires, or yields to the replica that took the lapsed lease); a follower stays quiet, since the
 *    leader it saw is still paging; a replica that never saw a holder leads, or a lone replica started
 *    during the outage would never page.
 */
export function decideMonitorRole(previous: MonitorRole, claim: LeaseClaim): MonitorRole {
  switch (claim.kind) {
    case 'held':
      return { leading: true, basis: 'lease', holder: null };
    case 'taken':
      return { leading: false, basis: 'lease_elsewhere', holder: claim.holder };
    case 'unreachable':
      if (previous.leading) {
        return {
          leading: true,
          basis: previous.basis === 'redis_down_no_leader_known' ? previous.basis : 'redis_down_was_leader',
          holder: null,
        };
      }
      if (previous.basis === 'unknown')
        return { leading: true, basis: 'redis_down_no_leader_known', holder: null };
      return { leading: false, basis: 'redis_down_other_leader', holder: previous.holder };
  }
}
