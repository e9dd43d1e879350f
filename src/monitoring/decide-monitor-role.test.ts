import { describe, expect, it } from 'vitest';
import type { LeaseClaim } from '../ports/monitor-lease.js';
import { decideMonitorRole, type MonitorRole, NO_CLAIM_YET } from './decide-monitor-role.js';

const LEADER: MonitorRole = { leading: true, basis: 'lease', holder: null };
const FOLLOWER: MonitorRole = { leading: false, basis: 'lease_elsewhere', holder: 'bot-b#1' };
const DOWN: LeaseClaim = { kind: 'unreachable', reason: 'connect ECONNREFUSED' };

describe('decideMonitorRole', () => {
  it.each<[string, MonitorRole, LeaseClaim, MonitorRole]>([
    ['the first claim takes the lease', NO_CLAIM_YET, { kind: 'held' }, LEADER],
    ['the first claim finds another holder', NO_CLAIM_YET, { kind: 'taken', holder: 'bot-b#1' }, FOLLOWER],
    ['a follower takes a lapsed lease', FOLLOWER, { kind: 'held' }, LEADER],
    [
      'a leader whose lease another replica took yields',
      LEADER,
      { kind: 'taken', holder: 'bot-c#2' },
      { leading: false, basis: 'lease_elsewhere', holder: 'bot-c#2' },
    ],
    [
      'the leader keeps paging while Redis is down',
      LEADER,
      DOWN,
      { leading: true, basis: 'redis_down_was_leader', holder: null },
    ],
    [
      'a follower stays quiet while Redis is down: the leader it saw is paging',
      FOLLOWER,
      DOWN,
      { leading: false, basis: 'redis_down_other_leader', holder: 'bot-b#1' },
    ],
    [
      'a replica that never reached Redis leads (a lone replica started during an outage must page)',
      NO_CLAIM_YET,
      DOWN,
      { leading: true, basis: 'redis_down_no_leader_known', holder: null },
    ],
  ])('%s', (_name, previous, claim, expected) => {
    expect(decideMonitorRole(previous, claim)).toEqual(expected);
  });

  it('a leader by default keeps that basis for the whole outage, and yields or re-acquires once Redis answers', () => {
    let role = decideMonitorRole(NO_CLAIM_YET, DOWN);
    role = decideMonitorRole(role, DOWN);
    expect(role).toEqual({ leading: true, basis: 'redis_down_no_leader_known', holder: null });

    expect(decideMonitorRole(role, { kind: 'taken', holder: 'bot-b#1' }).leading).toBe(false);
    expect(decideMonitorRole(role, { kind: 'held' })).toEqual(LEADER);
  });

  it('a follower stays quiet for the whole outage', () => {
    let role = decideMonitorRole(FOLLOWER, DOWN);
    for (let round = 0; round < 5; round += 1) role = decideMonitorRole(role, DOWN);
    expect(role.leading).toBe(false);
  });
});
