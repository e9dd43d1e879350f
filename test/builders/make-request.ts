import { computeScopeHash } from '../../src/domain/compute-scope-hash.js';
import type { Execution, GovernedRequest, WritePlan } from '../../src/domain/governed-request.js';
import { startExecution } from '../../src/domain/start-execution.js';

export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

export function makePlan(overrides: Partial<WritePlan> = {}): WritePlan {
  return {
    kind: 'records',
    op: 'update',
    base: { alias: 'crm', appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh' },
    table: { id: 'tblTasks0001', name: 'Tasks' },
    fields: [{ fieldId: 'fldStatus', name: 'Status', type: 3, options: ['Open', 'Done'], isPrimary: false }],
    changes: [{ recordId: 'recAbc', before: { Status: 'Open' }, after: { Status: 'Done' } }],
    ...overrides,
  };
}

export function makeRequest(overrides: Partial<GovernedRequest> = {}): GovernedRequest {
  const plan = overrides.plan ?? makePlan();
  return {
    id: 'req_aaaaaaaaaaaa',
    origin: { kind: 'chat' },
    plan,
    scopeHash: computeScopeHash(plan),
    requester: 'ou_alice',
    chatId: 'oc_requests',
    sourceMessageId: 'om_source',
    cardMessageId: 'om_card',
    tier: 'L2',
    stage: 'live',
    approvalsNeeded: 1,
    distinctGroups: 0,
    createdAt: T0,
    expiresAt: T0 + 30 * 60_000,
    state: 'pending',
    votes: [],
    artefactId: null,
    execution: null,
    ...overrides,
  };
}

/** A live op's execution record at `step` (default: its artefact just consumed), nothing written yet. */
export function makeExecution(step: Execution['step'] = 'consumed'): Execution {
  return { ...startExecution(T0), step };
}
