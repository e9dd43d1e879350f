import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import { buildRecordCard } from '../../cards/build-record-card.js';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSearchCard } from '../../cards/build-search-card.js';
import type { Card } from '../../cards/card-parts.js';
import { describeAlert } from '../../src/domain/describe-alert.js';
import type { Execution, GovernedRequest, SchemaPlan } from '../../src/domain/governed-request.js';
import { makePlan, makeRequest, T0 } from '../../test/builders/make-request.js';
import { makeAlert } from '../../test/monitoring/make-alert.js';
import { findPlaceholders, renderCard, textOf, type ViewNode } from './static/render-card.js';

const BACKUP = `bk_${'c'.repeat(64)}`;

function executed(overrides: Partial<Execution> = {}): Execution {
  return {
    step: 'verified',
    startedAt: T0 + 60_000,
    attempts: 1,
    backupId: BACKUP,
    createdRecordIds: [null],
    idMap: null,
    schemaIds: null,
    preexistingMatches: [],
    finishedAt: T0 + 62_000,
    verification: { ok: true, mismatches: [] },
    problem: null,
    ...overrides,
  };
}

function requestCard(overrides: Partial<GovernedRequest> = {}, actions = true): Card {
  return buildRequestCard({
    request: makeRequest(overrides),
    approvers: ['ou_bob', 'ou_carol'],
    approverGroups: { leads: ['ou_bob'], finance: ['ou_carol'] },
    now: T0 + 5 * 60_000,
    actions,
  });
}

const schemaPlan: SchemaPlan = {
  kind: 'schema',
  op: 'field.create',
  base: { alias: 'sandbox', appToken: 'SandboxToken0001' },
  table: { id: 'tblTmp00001', name: 'tmp_drill' },
  field: { before: null, after: { fieldId: null, name: 'Score', type: 2, property: null, isPrimary: false } },
  tableFields: null,
  restore: null,
};

const manyDeletes = makePlan({
  op: 'delete',
  changes: Array.from({ length: 120 }, (_, index) => ({
    recordId: `recDel${String(index).padStart(4, '0')}`,
    before: { Status: 'Open' },
    after: null,
  })),
});

const approved = { voter: 'ou_bob', decision: 'approve' as const, at: T0 + 60_000 };
const alertCard = (alert = makeAlert()) =>
  buildAlertCard({
    alert,
    description: describeAlert(alert.key),
    now: T0 + 5 * 60_000,
    notify: ['ou_dave'],
    escalateTo: ['ou_bob'],
  });
const fields = [
  { fieldId: 'fldTitle', name: 'Title', type: 1, isPrimary: true, options: [] },
  { fieldId: 'fldStatus', name: 'Status', type: 3, isPrimary: false, options: ['Open', 'Done'] },
];

/** Every kind of card Larkgate sends or patches (the drill's receipt is a text message, not a card). */
const CARDS: Array<[string, Card]> = [
  ['request, pending', requestCard()],
  ['request, status snapshot (no buttons)', requestCard({}, false)],
  ['request, approved and queued', requestCard({ state: 'approved', votes: [approved] })],
  ['applied', requestCard({ state: 'applied', votes: [approved], execution: executed() })],
  [
    'applied, verification failed',
    requestCard({
      state: 'verify_failed',
      votes: [approved],
      execution: executed({ verification: { ok: false, mismatches: ['recAbc.Status'] } }),
    }),
  ],
  [
    'stale',
    requestCard({
      state: 'stale',
      votes: [approved],
      execution: executed({ step: 'consumed', problem: 'recAbc.Status is now "Blocked", not "Open"' }),
    }),
  ],
  [
    'failed',
    requestCard({ state: 'failed', execution: executed({ step: 'consumed', problem: 'no table' }) }),
  ],
  ['needs review', requestCard({ state: 'needs_review', execution: executed({ step: 'writing' }) })],
  ['rejected', requestCard({ state: 'rejected', votes: [{ ...approved, decision: 'reject' }] })],
  ['expired', requestCard({ state: 'expired' })],
  ['outdated while pending', requestCard({ outdated: [{ by: 'req_bbbbbbbbbbbb', recordIds: ['recAbc'] }] })],
  ['rolled back', requestCard({ state: 'applied', execution: executed(), rolledBackBy: 'req_rrrrrrrrrrrr' })],
  [
    'rollback request',
    requestCard({
      origin: { kind: 'rollback', of: 'req_bbbbbbbbbbbb', backupId: BACKUP, conflicts: ['recAbc.Status'] },
    }),
  ],
  [
    'drill change',
    requestCard({ origin: { kind: 'drill', drillId: 'drl_1' }, state: 'applied', execution: executed() }),
  ],
  ['batch delete, summarised', requestCard({ plan: manyDeletes })],
  ['schema change', requestCard({ plan: schemaPlan, tier: 'L0', stage: 'live' })],
  ['alert, firing', alertCard()],
  ['alert, acked', alertCard(makeAlert({ ackedBy: 'ou_dave', ackedAt: T0 + 120_000 }))],
  ['alert, resolved', alertCard(makeAlert({ state: 'resolved', resolvedAt: T0 + 240_000 }))],
  [
    'record (get)',
    buildRecordCard({
      target: 'crm/Tasks',
      recordId: 'recAbc',
      fields,
      cells: { Title: 'Call', Status: 'Open' },
      stage: 'live',
    }),
  ],
  [
    'search',
    buildSearchCard({
      target: 'crm/Tasks',
      query: 'Status=Open',
      fields,
      records: [{ recordId: 'recAbc', cells: { Title: 'Call', Status: 'Open' } }],
      total: 1,
    }),
  ],
];

function nodesWith(node: ViewNode, predicate: (candidate: ViewNode) => boolean): ViewNode[] {
  const found = predicate(node) ? [node] : [];
  for (const child of node.children ?? []) found.push(...nodesWith(child, predicate));
  return found;
}

describe('the chat page renders every card Larkgate sends', () => {
  it.each(CARDS)('%s: no placeholder, no raw JSON, the header in its template colour', (_name, card) => {
    const view = renderCard(card, { nameOf: (id) => ({ ou_bob: 'Bob', ou_alice: 'Alice' })[id] });

    expect(findPlaceholders(view)).toEqual([]);
    expect(textOf(view)).not.toMatch(/"tag"|"schema"|\{"/);
    expect(nodesWith(view, (node) => node.cls?.startsWith('card-header') === true)[0]?.cls).toBe(
      `card-header tpl-${String(card.header.template)}`,
    );
  });

  it('shows the diff as before and after cells, mentions by name, and Approve / Reject as live buttons', () => {
    const view = renderCard(requestCard(), { nameOf: (id) => (id === 'ou_bob' ? 'Bob' : undefined) });
    const buttons = nodesWith(view, (node) => node.tag === 'button');
    const cells = nodesWith(view, (node) => node.tag === 'td').map(textOf);

    expect(cells).toEqual(['recAbc', 'Status', 'Open', 'Done']);
    expect(buttons.map((button) => [textOf(button), button.action?.disabled])).toEqual([
      ['Approve', false],
      ['Reject', false],
    ]);
    expect(nodesWith(view, (node) => node.cls === 'mention').map(textOf)).toContain('@Bob');
  });

  it('shows an element it does not know as a visible placeholder naming it', () => {
    const view = renderCard({ schema: '2.0', body: { elements: [{ tag: 'chart', chart_spec: {} }] } });

    expect(findPlaceholders(view)).toEqual(['chart']);
    expect(textOf(view)).toBe('Unsupported card element "chart"');
  });

  it.each([
    ['an escaped tag', '&lt;img src=x onerror=alert(1)&gt;', '<img src=x onerror=alert(1)>'],
    ['an escaped @all', '&lt;at id=all&gt;&lt;/at&gt;', '<at id=all></at>'],
    ['an escaped link', '&#91;x&#93;(http∶//evil․example)', '[x](http∶//evil․example)'],
    ['escaped emphasis', '&#42;&#42;loud&#42;&#42;', '**loud**'],
  ])('reads %s in markdown as the characters it shows, never as markup', (_name, content, shown) => {
    const view = renderCard({ schema: '2.0', body: { elements: [{ tag: 'markdown', content }] } });

    expect(textOf(view)).toBe(shown);
    expect(
      nodesWith(view, (node) => node.cls === 'mention' || node.cls === 'md-link' || node.tag === 'strong'),
    ).toEqual([]);
  });

  it("renders Larkgate's own markdown: bold, mentions, code and links (not clickable, address shown)", () => {
    const view = renderCard({
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'markdown',
            content: '**Tier** L2 <at id=ou_bob></at> `x` [runbook](https://r.example/a.md)',
          },
        ],
      },
    });

    expect(nodesWith(view, (node) => node.tag === 'strong').map(textOf)).toEqual(['Tier']);
    expect(nodesWith(view, (node) => node.cls === 'mention').map(textOf)).toEqual(['@ou_bob']);
    expect(nodesWith(view, (node) => node.tag === 'code').map(textOf)).toEqual(['x']);
    expect(nodesWith(view, (node) => node.cls === 'md-link').map(textOf)).toEqual([
      'runbook (https://r.example/a.md)',
    ]);
  });
});

describe('renderCard in the reader’s locale (card JSON 2.0 i18n_content)', () => {
  const i18n = (en: string, vi: string) => ({ content: en, i18n_content: { en_us: en, vi_vn: vi } });
  const card = {
    schema: '2.0',
    config: { locales: ['en_us', 'vi_vn'] },
    header: { title: { tag: 'plain_text', ...i18n('Approval needed', 'Cần phê duyệt') } },
    body: {
      elements: [
        { tag: 'markdown', ...i18n('**Update** 1 record', '**Cập nhật** 1 bản ghi') },
        {
          tag: 'button',
          text: { tag: 'plain_text', ...i18n('Approve', 'Phê duyệt') },
          behaviors: [{ type: 'callback', value: { action: 'approve' } }],
        },
      ],
    },
  };

  it('shows the vi_vn text to a vi_vn reader, en_us by default, and content for a locale the card lacks', () => {
    const vi = textOf(renderCard(card, { locale: 'vi_vn' }));
    expect(vi).toContain('Cần phê duyệt');
    expect(vi).toContain('Cập nhật');
    expect(vi).toContain('Phê duyệt');
    expect(vi).not.toContain('Approve');
    expect(textOf(renderCard(card))).toContain('Approval needed');
    expect(textOf(renderCard(card, { locale: 'ja_jp' }))).toContain('Approval needed');
  });
});
