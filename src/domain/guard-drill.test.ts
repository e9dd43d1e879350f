import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { makePlan, makeRequest, T0 } from '../../test/builders/make-request.js';
import type { Decision } from './decision.js';
import type { GovernedRequest } from './governed-request.js';
import { type Actor, DRILL_ACTOR, decide, type GuardEvidence, type GuardRequest } from './guard.js';
import type { BasePolicy } from './policy.js';

const DAY = 86_400_000;
const alice: Actor = { kind: 'user', openId: 'ou_alice' };
const drill: Actor = { kind: 'system', name: 'drill' };
const sandbox = makeBase({
  alias: 'sandbox',
  appToken: 'SbxToken',
  tier: 'L0',
  staging: true,
  tables: ['Scratch'],
  marker: { field: 'Larkgate', value: 'deletable' },
});
const crm = makeBase();
const billing = makeBase({
  alias: 'billing',
  appToken: 'BillToken',
  tier: 'L3',
  approvalsNeeded: 2,
  tables: ['Invoices'],
});

function codes(decision: Decision): string[] {
  return decision.allow ? [] : decision.denials.map((denial) => denial.code);
}

function judge(
  request: GuardRequest,
  evidence?: GuardEvidence,
  bases: BasePolicy[] = [crm, billing, sandbox],
) {
  return decide(request, { policy: makePolicy(bases), now: T0, ...(evidence ? { evidence } : {}) });
}

function schema(overrides: Partial<Extract<GuardRequest, { action: 'request-schema' }>> = {}): GuardRequest {
  return {
    action: 'request-schema',
    actor: alice,
    chatId: 'oc_requests',
    chatType: 'group',
    base: 'sandbox',
    table: 'tmp_trial',
    op: 'field.create',
    recordCount: 0,
    ...overrides,
  };
}

function write(overrides: Partial<Extract<GuardRequest, { action: 'request-write' }>> = {}): GuardRequest {
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

describe('decide: schema requests', () => {
  it('allows a schema op on a temp table of a staging base', () => {
    expect(judge(schema())).toEqual({ allow: true, notes: [] });
  });

  it.each<[string, Partial<Extract<GuardRequest, { action: 'request-schema' }>>, BasePolicy[], string[]]>([
    [
      'on a production base',
      { base: 'crm', table: 'tmp_x' },
      [crm, sandbox],
      ['schema_outside_sandbox', 'drill_overdue'],
    ],
    ['on a listed table of the sandbox', { table: 'Scratch' }, [sandbox], ['schema_outside_sandbox']],
    ['on the bare prefix', { table: 'tmp_' }, [sandbox], ['schema_outside_sandbox']],
    ['on an unknown base', { base: 'hr' }, [sandbox], ['unknown_base']],
    ['from a chat that is not a requests chat', { chatId: 'oc_random' }, [sandbox], ['not_a_request_chat']],
    ['over the batch ceiling', { op: 'table.delete', recordCount: 5_001 }, [sandbox], ['batch_over_ceiling']],
    [
      'in the limited stage',
      {},
      [
        {
          ...sandbox,
          stage: 'limited',
          limited: { requesters: ['ou_alice'], ops: ['update'], maxRecords: 1 },
        },
      ],
      ['stage_limited_op'],
    ],
    [
      'from someone not on the requesters list',
      {},
      [{ ...sandbox, requesters: ['ou_bob'] }],
      ['requester_not_allowed'],
    ],
  ])('refuses a schema op %s', (_name, overrides, bases, expected) => {
    expect(codes(judge(schema(overrides), undefined, bases))).toEqual(expected);
  });

  it('refuses to execute an approved schema change once its base is no longer staging', () => {
    const request = makeRequest({
      state: 'approved',
      artefactId: 'art_1',
      plan: {
        kind: 'schema',
        op: 'field.delete',
        base: { alias: 'sandbox', appToken: 'SbxToken' },
        table: { id: 'tblT', name: 'tmp_t' },
        field: null,
        tableFields: null,
        restore: null,
      },
    });
    const artefact = {
      id: 'art_1',
      requestId: request.id,
      scopeHash: request.scopeHash,
      approvers: ['ou_bob'],
      createdAt: T0,
      usedAt: null,
    };
    const execute: GuardRequest = {
      action: 'execute',
      actor: { kind: 'system', name: 'worker' },
      request,
      artefact,
      currentScopeHash: request.scopeHash,
    };

    expect(judge(execute).allow).toBe(true);
    expect(codes(judge(execute, undefined, [{ ...sandbox, staging: false }]))).toEqual([
      'unknown_table',
      'schema_outside_sandbox',
    ]);
  });
});

describe('decide: the tier rule "rollback drill fresher than"', () => {
  it.each<[string, GuardRequest, GuardEvidence | undefined, string[]]>([
    ['L2 with a drill an hour old', write(), { lastPassingDrillAt: T0 - 3_600_000 }, []],
    ['L2 with a drill 29 days old', write(), { lastPassingDrillAt: T0 - 29 * DAY }, []],
    ['L2 with a drill 31 days old', write(), { lastPassingDrillAt: T0 - 31 * DAY }, ['drill_overdue']],
    ['L2 with no drill recorded', write(), { lastPassingDrillAt: null }, ['drill_overdue']],
    ['L2 when the evidence could not be read', write(), undefined, ['drill_overdue']],
    [
      'L3 with a drill 8 days old',
      write({ base: 'billing', table: 'Invoices' }),
      { lastPassingDrillAt: T0 - 8 * DAY },
      ['drill_overdue'],
    ],
    [
      'L3 with a drill 6 days old',
      write({ base: 'billing', table: 'Invoices' }),
      { lastPassingDrillAt: T0 - 6 * DAY },
      [],
    ],
    [
      'L0 with no drill at all',
      write({ base: 'sandbox', table: 'Scratch' }),
      { lastPassingDrillAt: null },
      [],
    ],
    [
      'a rollback on L2 with no drill',
      write({ rollback: true }),
      { lastPassingDrillAt: null },
      ['drill_overdue'],
    ],
  ])('%s', (_name, request, evidence, expected) => {
    expect(codes(judge(request, evidence))).toEqual(expected);
  });

  it('says how old the rule allows and what to run', () => {
    const decision = judge(write({ base: 'billing', table: 'Invoices' }), { lastPassingDrillAt: null });

    expect(decision).toMatchObject({
      allow: false,
      denials: [
        {
          code: 'drill_overdue',
          message: 'no rollback drill has passed in the last 7 days: run `larkgate drill --once`',
        },
      ],
    });
  });
});

describe('decide: drills', () => {
  it('lets the drill runner drill on a staging L0 base with a marker, and nowhere else', () => {
    expect(judge({ action: 'drill', actor: drill, base: 'sandbox' }).allow).toBe(true);
    expect(judge({ action: 'drill', actor: drill, base: 'crm' })).toEqual({
      allow: false,
      denials: [
        {
          code: 'drill_outside_sandbox',
          message:
            "drills run only on a staging L0 base in the live stage with a marker: crm is not marked staging; crm is L2, not L0; crm has no marker for the drill's records",
        },
      ],
    });
    expect(codes(judge({ action: 'drill', actor: alice, base: 'sandbox' }))).toEqual([
      'drill_outside_sandbox',
    ]);
    expect(codes(judge({ action: 'drill', actor: drill, base: 'nope' }))).toEqual(['unknown_base']);
  });

  it('lets the drill runner ask for writes only on temp tables of the sandbox', () => {
    const ask = (base: string, table: string) =>
      codes(
        judge(write({ actor: drill, chatId: null, chatType: null, base, table }), { lastPassingDrillAt: T0 }),
      );

    expect(ask('sandbox', 'tmp_drill_x')).toEqual([]);
    expect(ask('sandbox', 'Scratch')).toEqual(['drill_outside_sandbox']);
    expect(ask('crm', 'Tasks')).toEqual(['drill_outside_sandbox', 'drill_outside_sandbox']);
  });

  describe('drill-approve', () => {
    const drillRequest = (overrides: Partial<GovernedRequest> = {}) =>
      makeRequest({
        origin: { kind: 'drill', drillId: 'd1' },
        requester: DRILL_ACTOR,
        tier: 'L0',
        plan: makePlan({
          base: { alias: 'sandbox', appToken: 'SbxToken' },
          table: { id: 'tblD', name: 'tmp_drill_d1' },
        }),
        ...overrides,
      });
    const approve = (request: GovernedRequest, actor: Actor = drill) =>
      codes(judge({ action: 'drill-approve', actor, request }));

    it('approves a pending drill request and its drill rollback', () => {
      expect(approve(drillRequest())).toEqual([]);
      expect(
        approve(
          drillRequest({
            origin: { kind: 'rollback', of: 'req_x', backupId: 'bk_x', conflicts: [], drillId: 'd1' },
          }),
        ),
      ).toEqual([]);
    });

    it('approves a schema drill’s change of a temp table (readiness gate 4), not of a permanent one', () => {
      const schemaPlan = (name: string): GovernedRequest['plan'] => ({
        kind: 'schema',
        op: 'field.create',
        base: { alias: 'sandbox', appToken: 'SbxToken' },
        table: { id: 'tblT', name },
        field: null,
        tableFields: null,
        restore: null,
      });

      expect(approve(drillRequest({ plan: schemaPlan('tmp_schema_d1') }))).toEqual([]);
      expect(approve(drillRequest({ plan: schemaPlan('Scratch') }))).toEqual(['drill_outside_sandbox']);
    });

    it('refuses a person’s vote on a drill’s request, even from an approver', () => {
      const request = drillRequest();
      const vote: GuardRequest = {
        action: 'vote',
        actor: { kind: 'user', openId: 'ou_bob' },
        decision: 'approve',
        request,
        scopeHash: request.scopeHash,
      };

      expect(codes(judge(vote))).toEqual(['approver_not_allowed']);
    });

    it.each<[string, GovernedRequest, Actor, string[]]>([
      [
        'a person’s request',
        makeRequest({
          plan: makePlan({
            base: { alias: 'sandbox', appToken: 'SbxToken' },
            table: { id: 'tblD', name: 'tmp_d' },
          }),
        }),
        drill,
        ['approver_not_allowed'],
      ],
      [
        'a rollback that is not a drill’s',
        drillRequest({ origin: { kind: 'rollback', of: 'req_x', backupId: 'bk_x', conflicts: [] } }),
        drill,
        ['approver_not_allowed'],
      ],
      ['an approval by a person', drillRequest(), alice, ['approver_not_allowed']],
      ['a request that is not pending', drillRequest({ state: 'approved' }), drill, ['request_not_pending']],
      ['an expired request', drillRequest({ expiresAt: T0 }), drill, ['request_expired']],
      [
        'a drill request on a production table',
        drillRequest({ plan: makePlan() }),
        drill,
        ['drill_outside_sandbox', 'drill_outside_sandbox'],
      ],
    ])('refuses %s', (_name, request, actor, expected) => {
      expect(approve(request, actor)).toEqual(expected);
    });
  });
});

describe('decide: temp tables', () => {
  it('admits temp tables for reads and writes on staging bases only', () => {
    const read = (base: string, table: string) =>
      codes(judge({ action: 'read', actor: alice, chatId: 'oc_requests', chatType: 'group', base, table }));

    expect(read('sandbox', 'tmp_any')).toEqual([]);
    expect(read('crm', 'tmp_any')).toEqual(['unknown_table']);
  });
});
