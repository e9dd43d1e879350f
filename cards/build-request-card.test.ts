import { describe, expect, it } from 'vitest';
import { makePlan, makeRequest, T0 } from '../test/builders/make-request.js';
import { buildRequestCard } from './build-request-card.js';
import { CARD_BYTE_BUDGET, cardBytes } from './fit-card.js';

function texts(card: unknown): string {
  return JSON.stringify(card);
}

function elementsOf(card: ReturnType<typeof buildRequestCard>, tag: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as { tag?: unknown }).tag === tag) found.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

describe('buildRequestCard', () => {
  it('shows the diff, tier, approvals, expiry, id and short scope, with Approve and Reject', () => {
    const request = makeRequest();

    const card = buildRequestCard({ request, approvers: ['ou_bob', 'ou_carol'], now: T0 });
    const table = elementsOf(card, 'table')[0] as { rows: Record<string, string>[] };
    const buttons = elementsOf(card, 'button');

    expect(card.schema).toBe('2.0');
    expect(card.config.update_multi).toBe(true);
    expect(table.rows).toEqual([{ record: 'recAbc', field: 'Status', before: 'Open', after: 'Done' }]);
    expect(texts(card)).toContain('L2 (internal limited action)');
    expect(texts(card)).toContain('0 of 1 needed');
    expect(texts(card)).toContain('<at id=ou_bob></at>, <at id=ou_carol></at>');
    expect(texts(card)).toContain('2026-11-22 09:30 UTC (in 30 min)');
    expect(texts(card)).toContain(`req_aaaaaaaaaaaa · scope ${request.scopeHash.slice(0, 8)}`);
    expect(buttons.map((button) => (button.behaviors as { value: object }[])[0]?.value)).toEqual([
      { action: 'approve', request_id: request.id, scope: request.scopeHash },
      { action: 'reject', request_id: request.id, scope: request.scopeHash },
    ]);
  });

  it('titles a rollback by what it undoes, not by its op', () => {
    const request = makeRequest({
      origin: { kind: 'rollback', of: 'req_bbbbbbbbbbbb', backupId: `bk_${'b'.repeat(64)}`, conflicts: [] },
    });

    const card = buildRequestCard({ request, approvers: ['ou_bob'], now: T0 });

    expect(card.header.title).toMatchObject({
      tag: 'plain_text',
      content: 'Rollback of req_bbbbbbbbbbbb · crm/Tasks',
      i18n_content: {
        zh_cn: '回滚 req_bbbbbbbbbbbb · crm/Tasks',
        vi_vn: 'Hoàn tác req_bbbbbbbbbbbb · crm/Tasks',
      },
    });
    expect(card.config.summary).toMatchObject({
      content: 'Approval needed: Rollback of req_bbbbbbbbbbbb: update 1 record in crm/Tasks',
    });
  });

  it('lists the old record id each re-create of a batch-delete rollback brings back', () => {
    const plan = makePlan({
      op: 'create',
      changes: [
        { recordId: null, before: null, after: { Status: 'Open' }, restores: 'recOld0001' },
        { recordId: null, before: null, after: { Status: 'Done' }, restores: 'recOld0002' },
      ],
    });

    const card = buildRequestCard({ request: makeRequest({ plan }), approvers: ['ou_bob'], now: T0 });
    const table = elementsOf(card, 'table')[0] as { rows: Record<string, string>[] };

    expect(table.rows.map((row) => row.record)).toEqual([
      'recOld0001 (re-created)',
      'recOld0002 (re-created)',
    ]);
    expect(texts(card)).not.toContain('(new record)');
  });

  it.each([
    [
      'L4: one approval from each group, listed by group',
      { tier: 'L4' as const, approvalsNeeded: 2, distinctGroups: 2 },
      'one from each of the 2 approver groups (leads: <at id=ou_bob></at>; finance: <at id=ou_carol></at>)',
    ],
    [
      'L3 with groups and no group rule: who, and in which group',
      { tier: 'L3' as const, approvalsNeeded: 2, distinctGroups: 0 },
      'all 2 must approve: <at id=ou_bob></at> (leads), <at id=ou_carol></at> (finance)',
    ],
  ])('%s', (_name, overrides, wording) => {
    const request = makeRequest(overrides);

    const card = buildRequestCard({
      request,
      approvers: ['ou_bob', 'ou_carol'],
      approverGroups: { leads: ['ou_bob'], finance: ['ou_carol'] },
      now: T0,
    });

    expect(texts(card)).toContain(`0 of 2 needed · ${wording} ·`);
  });

  it('says how many of several approvers are needed', () => {
    const request = makeRequest({ approvalsNeeded: 2 });

    const card = buildRequestCard({ request, approvers: ['ou_bob', 'ou_carol', 'ou_erin'], now: T0 });

    expect(texts(card)).toContain(
      '0 of 2 needed · any 2 of <at id=ou_bob></at>, <at id=ou_carol></at>, <at id=ou_erin></at> ·',
    );
  });

  it.each([
    ['pending', true],
    ['stale', false],
  ] as const)('a %s request another change outdated says so: %s', (state, shown) => {
    const request = makeRequest({ state, outdated: [{ by: 'req_cccccccccccc', recordIds: ['recAbc'] }] });

    const card = buildRequestCard({ request, approvers: ['ou_bob'], now: T0 });

    expect(
      texts(card).includes(
        'recAbc changed since this diff (by req_cccccccccccc); this request will abort as stale if approved.',
      ),
    ).toBe(shown);
  });

  it('never lists the requester among those who can approve', () => {
    const card = buildRequestCard({ request: makeRequest(), approvers: ['ou_alice', 'ou_bob'], now: T0 });

    expect(texts(card)).toContain('from <at id=ou_bob></at> ·');
  });

  it('drops the buttons once the request is no longer pending and shows the outcome', () => {
    const request = makeRequest({
      state: 'applied',
      votes: [{ voter: 'ou_bob', decision: 'approve', at: T0 }],
      execution: {
        step: 'verified',
        startedAt: T0,
        attempts: 1,
        backupId: `bk_${'a'.repeat(64)}`,
        createdRecordIds: [],
        preexistingMatches: [],
        idMap: null,
        schemaIds: null,
        finishedAt: T0 + 5_000,
        verification: { ok: true, mismatches: [] },
        problem: null,
      },
    });

    const card = buildRequestCard({ request, approvers: ['ou_bob'], now: T0 + 6_000 });

    expect(
      elementsOf(card, 'button').map((button) => (button.behaviors as { value: object }[])[0]?.value),
    ).toEqual([{ action: 'rollback', request_id: 'req_aaaaaaaaaaaa' }]);
    expect(card.header.template).toBe('green');
    expect(texts(card)).toContain(`bk_${'a'.repeat(64)}`);
    expect(texts(card)).toContain('every field matches the approved after-state');
    expect(texts(card)).toContain('Approved by <at id=ou_bob></at>');
  });

  it.each([
    ['pending', makeRequest()],
    [
      'applied',
      makeRequest({
        state: 'applied',
        execution: {
          step: 'verified',
          startedAt: T0,
          attempts: 1,
          backupId: `bk_${'a'.repeat(64)}`,
          createdRecordIds: [],
          preexistingMatches: [],
          idMap: null,
          schemaIds: null,
          finishedAt: T0 + 5_000,
          verification: { ok: true, mismatches: [] },
          problem: null,
        },
      }),
    ],
  ])('a status snapshot of a %s request shows its state and diff with no buttons', (_state, request) => {
    const card = buildRequestCard({ request, approvers: ['ou_bob'], now: T0 + 6_000, actions: false });

    expect(elementsOf(card, 'button')).toEqual([]);
    expect(texts(card)).toContain('A status snapshot');
    expect(elementsOf(card, 'table')[0]).toMatchObject({
      rows: [{ record: 'recAbc', field: 'Status', before: 'Open', after: 'Done' }],
    });
  });

  it('escapes cell values so they cannot mention everyone or add links', () => {
    const plan = makePlan({
      fields: [{ fieldId: 'fldT', name: 'Title', type: 1, options: [], isPrimary: true }],
      changes: [
        {
          recordId: 'recAbc',
          before: { Title: 'x' },
          after: { Title: '<at id=all></at> [click](http://evil)' },
        },
      ],
    });

    const card = buildRequestCard({ request: makeRequest({ plan }), approvers: [], now: T0 });

    expect(texts(card)).not.toContain('<at id=all>');
    expect(texts(card)).not.toContain('[click]');
    expect(texts(card)).toContain('&lt;at id=all&gt;');
  });

  it('summarises a large diff with explicit counts and stays under 30 KB', () => {
    const changes = Array.from({ length: 1_200 }, (_, i) => ({
      recordId: `rec${String(i).padStart(6, '0')}`,
      before: { Title: `title ${i} ${'x'.repeat(200)}`, Status: 'Open' },
      after: null,
    }));
    const plan = makePlan({ op: 'delete', changes });

    const card = buildRequestCard({ request: makeRequest({ plan }), approvers: ['ou_bob'], now: T0 });
    const table = elementsOf(card, 'table')[0] as { rows: unknown[] };

    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(table.rows.length).toBeGreaterThan(0);
    expect(texts(card)).toMatch(new RegExp(`Showing ${table.rows.length} of 2400 field changes`));
    expect(texts(card)).toContain('1200 records');
  });

  it.each([
    'pending',
    'dry_run',
    'approved',
    'executing',
    'applied',
    'verify_failed',
    'stale',
    'failed',
    'needs_review',
    'rejected',
    'expired',
  ] as const)('builds a valid card in state %s', (state) => {
    const card = buildRequestCard({ request: makeRequest({ state }), approvers: ['ou_bob'], now: T0 });

    expect(elementsOf(card, 'table')).toHaveLength(1);
    expect((card.header.text_tag_list as unknown[]).length).toBeLessThanOrEqual(3);
    expect(elementsOf(card, 'button').length).toBe(state === 'pending' ? 2 : 0);
  });
});
