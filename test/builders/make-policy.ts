import type { BasePolicy, Policy } from '../../src/domain/policy.js';

export function makeBase(overrides: Partial<BasePolicy> = {}): BasePolicy {
  return {
    alias: 'crm',
    name: 'CRM',
    appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh',
    tier: 'L2',
    stage: 'live',
    staging: false,
    tables: ['Tasks'],
    approvers: ['ou_bob', 'ou_carol'],
    approverGroups: {},
    approvalsNeeded: 1,
    distinctGroups: 0,
    approvalTtlMs: 30 * 60_000,
    requesters: null,
    marker: null,
    tempTablePrefix: 'tmp_',
    maxRecordsPerRequest: 100,
    limited: null,
    ...overrides,
  };
}

export function makePolicy(bases: BasePolicy[] = [makeBase()], overrides: Partial<Policy> = {}): Policy {
  return {
    bases,
    requestChats: ['oc_requests'],
    auditChat: 'oc_audit',
    oncallChat: 'oc_oncall',
    drillsChat: 'oc_drills',
    allowDirectMessages: true,
    batchDeleteMaxRecords: 5000,
    hash: 'f'.repeat(64),
    ...overrides,
  };
}
