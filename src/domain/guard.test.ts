import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import type { Decision } from './decision.js';
import { type Actor, decide, type GuardRequest } from './guard.js';

const alice: Actor = { kind: 'user', openId: 'ou_alice' };
const bob: Actor = { kind: 'user', openId: 'ou_bob' };
const mallory: Actor = { kind: 'user', openId: 'ou_mallory' };
/** A rollback drill passed an hour ago: the L2 base's drill rule holds (guard-drill.test.ts covers it). */
const evidence = { lastPassingDrillAt: T0 - 3_600_000 };

function codes(decision: Decision): string[] {
  return decision.allow ? [] : decision.denials.map((d) => d.code);
}

function writeRequest(
  overrides: Partial<Extract<GuardRequest, { action: 'request-write' }>> = {},
): GuardRequest {
  return {
    action: 'request-write',
    actor: alice,
    chatId: 'oc_requests',
    chatType: 'group',
    base: 'crm',
    table: 'Tasks',
    op: 'update',
    recordCount: 1,
    ...overrides,
  };
}

describe('decide: write requests', () => {
  it('allows a write request on a live base from a requests chat', () => {
    expect(decide(writeRequest(), { policy: makePolicy(), now: T0, evidence })).toEqual({
      allow: true,
      notes: [],
    });
  });

  it.each<
    [
      string,
      Partial<Parameters<typeof makeBase>[0]>,
      Partial<Extract<GuardRequest, { action: 'request-write' }>>,
      string[],
    ]
  >([
    ['an unknown base', {}, { base: 'hr' }, ['unknown_base']],
    ['a table outside the allowed list', {}, { table: 'Salaries' }, ['unknown_table']],
    [
      'a table text that names two tables (a name that is another table’s id)',
      {},
      { tableMatches: ['Tasks (tblTasks1)', 'tblTasks1 (tblOther1)'] },
      ['ambiguous_target'],
    ],
    ['a chat that is not a requests chat', {}, { chatId: 'oc_random' }, ['not_a_request_chat']],
    ['an L1 base', { tier: 'L1', stage: 'read-only' }, {}, ['tier_forbids_writes', 'stage_forbids_writes']],
    ['a read-only stage', { stage: 'read-only' }, {}, ['stage_forbids_writes']],
    ['a requester not on the list', { requesters: ['ou_dan'] }, {}, ['requester_not_allowed']],
    [
      'more records than the base allows',
      { maxRecordsPerRequest: 2 },
      { recordCount: 3 },
      ['over_record_ceiling'],
    ],
    [
      'a limited stage with the wrong person, op and size',
      { stage: 'limited', limited: { requesters: ['ou_dan'], ops: ['update'], maxRecords: 1 } },
      { op: 'delete', recordCount: 2 },
      ['stage_limited_requester', 'stage_limited_op', 'stage_limited_ceiling'],
    ],
  ])('refuses %s, with every reason', (_name, base, request, expected) => {
    const decision = decide(writeRequest(request), {
      policy: makePolicy([makeBase(base)]),
      now: T0,
      evidence,
    });

    expect(codes(decision)).toEqual(expected);
  });

  it('allows a dry-run card on a dry-run base and says nothing will execute', () => {
    const decision = decide(writeRequest(), {
      policy: makePolicy([makeBase({ stage: 'dry-run' })]),
      now: T0,
      evidence,
    });

    expect(decision).toEqual({ allow: true, notes: [expect.stringContaining('dry-run stage')] });
  });

  it('allows direct messages only when policy allows them', () => {
    const dm = writeRequest({ chatId: 'oc_dm', chatType: 'p2p' });

    expect(decide(dm, { policy: makePolicy(), now: T0, evidence }).allow).toBe(true);
    expect(
      codes(decide(dm, { policy: makePolicy(undefined, { allowDirectMessages: false }), now: T0, evidence })),
    ).toEqual(['not_a_request_chat']);
  });

  it('refuses an action it does not know', () => {
    const bogus = { action: 'drop-table', actor: alice } as unknown as GuardRequest;

    expect(codes(decide(bogus, { policy: makePolicy(), now: T0 }))).toEqual(['unknown_action']);
  });
});

describe('decide: votes', () => {
  const vote = (
    actor: Actor,
    overrides: Partial<Extract<GuardRequest, { action: 'vote' }>> = {},
  ): GuardRequest => {
    const request = makeRequest();
    return {
      action: 'vote',
      actor,
      decision: 'approve',
      request,
      scopeHash: request.scopeHash,
      ...overrides,
    };
  };

  it('allows an approver to approve', () => {
    expect(decide(vote(bob), { policy: makePolicy(), now: T0 + 1 }).allow).toBe(true);
  });

  it('refuses self-approval but lets the requester withdraw', () => {
    expect(codes(decide(vote(alice), { policy: makePolicy(), now: T0 + 1 }))).toEqual(['self_approval']);
    expect(decide(vote(alice, { decision: 'reject' }), { policy: makePolicy(), now: T0 + 1 }).allow).toBe(
      true,
    );
  });

  it('refuses self-approval even when the requester is also an approver', () => {
    const policy = makePolicy([makeBase({ approvers: ['ou_alice', 'ou_bob'] })]);

    expect(codes(decide(vote(alice), { policy, now: T0 + 1 }))).toEqual(['self_approval']);
  });

  it.each<[string, Actor, Partial<Extract<GuardRequest, { action: 'vote' }>>, number, string[]]>([
    ['someone who is not an approver', mallory, {}, T0 + 1, ['approver_not_allowed']],
    ['a vote after expiry', bob, {}, T0 + 30 * 60_000, ['request_expired']],
    [
      'a card for another version of the request',
      bob,
      { scopeHash: '0'.repeat(64) },
      T0 + 1,
      ['scope_mismatch'],
    ],
    [
      'a second vote by the same person',
      bob,
      { request: makeRequest({ votes: [{ voter: 'ou_bob', decision: 'approve', at: T0 }] }) },
      T0 + 1,
      ['already_voted'],
    ],
    [
      'a vote on an applied request',
      bob,
      { request: makeRequest({ state: 'applied' }) },
      T0 + 1,
      ['request_not_pending'],
    ],
  ])('refuses %s', (_name, actor, overrides, now, expected) => {
    const request = overrides.request ?? makeRequest();
    const decision = decide(vote(actor, { request, scopeHash: request.scopeHash, ...overrides }), {
      policy: makePolicy(),
      now,
    });

    expect(codes(decision)).toEqual(expected);
  });
});

describe('decide: execute', () => {
  const request = makeRequest({ state: 'approved', artefactId: 'art_1' });
  const artefact = {
    id: 'art_1',
    requestId: request.id,
    scopeHash: request.scopeHash,
    approvers: ['ou_bob'],
    createdAt: T0,
    usedAt: null,
  };
  const worker: Actor = { kind: 'system', name: 'worker' };

  it('allows the approved change with its artefact', () => {
    const decision = decide(
      { action: 'execute', actor: worker, request, artefact, currentScopeHash: request.scopeHash },
      { policy: makePolicy(), now: T0 },
    );

    expect(decision.allow).toBe(true);
  });

  it.each<[string, Parameters<typeof decide>[0], string[]]>([
    [
      'no artefact',
      { action: 'execute', actor: worker, request, artefact: null, currentScopeHash: request.scopeHash },
      ['artefact_missing'],
    ],
    [
      'a payload changed after approval',
      { action: 'execute', actor: worker, request, artefact, currentScopeHash: '1'.repeat(64) },
      ['artefact_scope_mismatch'],
    ],
    [
      "another request's artefact",
      {
        action: 'execute',
        actor: worker,
        request,
        artefact: { ...artefact, requestId: 'req_bbbbbbbbbbbb' },
        currentScopeHash: request.scopeHash,
      },
      ['artefact_scope_mismatch'],
    ],
    [
      'an artefact already used (a replayed live op)',
      {
        action: 'execute',
        actor: worker,
        request,
        artefact: { ...artefact, usedAt: T0 - 1 },
        currentScopeHash: request.scopeHash,
      },
      ['artefact_used'],
    ],
  ])('refuses %s', (_name, guardRequest, expected) => {
    expect(codes(decide(guardRequest, { policy: makePolicy(), now: T0 }))).toEqual(expected);
  });

  it('refuses when the base was moved out of a writing stage after approval', () => {
    const decision = decide(
      { action: 'execute', actor: worker, request, artefact, currentScopeHash: request.scopeHash },
      { policy: makePolicy([makeBase({ stage: 'read-only' })]), now: T0 },
    );

    expect(codes(decision)).toEqual(['stage_forbids_writes']);
  });
});
