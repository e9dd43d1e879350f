import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import { buildDrillReceiptCard } from '../../cards/build-drill-receipt-card.js';
import { buildProgressLine } from '../../cards/build-progress-line.js';
import { buildRecordCard } from '../../cards/build-record-card.js';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSearchCard } from '../../cards/build-search-card.js';
import type { Card } from '../../cards/card-parts.js';
import { cardBytes } from '../../cards/fit-card.js';
import { evaluateCard } from '../../emulator/im/evaluate-card.js';
import { ALERT_KINDS, describeAlert } from '../../src/domain/describe-alert.js';
import type { FieldSpec, SchemaPlan } from '../../src/domain/governed-request.js';
import { LOCALES } from '../../src/domain/i18n/locale.js';
import { makeExecution, makePlan, makeRequest, T0 } from '../builders/make-request.js';
import { makeAlert } from '../monitoring/make-alert.js';

/**
 * Issue 18: every card Larkgate sends carries en_us, zh_cn, vi_vn and ja_jp, so each approver reads it in
 * the language of their Lark client; field names, values and ids stay as they are in the Base. One fixture
 * per card kind (and per line a kind can carry); each text on it must carry the four locales, and the
 * non-English ones must have no English word left but ids, field names, values and command words.
 */

const STAGE: FieldSpec = {
  fieldId: 'fldStage',
  name: 'Stage',
  type: 3,
  property: { options: [{ name: 'Open' }, { name: 'Done' }] },
  isPrimary: false,
};
const NAME: FieldSpec = { fieldId: 'fldName', name: 'Name', type: 1, property: null, isPrimary: true };
const schemaPlan = (overrides: Partial<SchemaPlan> & Pick<SchemaPlan, 'op'>): SchemaPlan => ({
  kind: 'schema',
  base: { alias: 'sandbox', appToken: 'SbxToken' },
  table: { id: 'tblT', name: 'tmp_t' },
  field: null,
  tableFields: null,
  restore: null,
  ...overrides,
});
const applied = {
  ...makeExecution('verified'),
  backupId: `bk_${'a'.repeat(64)}`,
  verification: { ok: true, mismatches: [] },
  finishedAt: T0 + 60_000,
};
const manyDeletes = Array.from({ length: 1_200 }, (_, i) => ({
  recordId: `rec${i}aa`,
  before: { Status: 'Open '.repeat(40), Notes: '备注'.repeat(200) },
  after: null,
}));
const STALE_PROBLEM = 'recAbc.Status is Done, not Open';
const groups = { ops: ['ou_bob'], finance: ['ou_carol'], legal: ['ou_dave'] };
const request = (overrides: Parameters<typeof makeRequest>[0], more: { actions?: boolean } = {}) =>
  buildRequestCard({ request: makeRequest(overrides), approvers: ['ou_bob', 'ou_carol'], now: T0, ...more });

const CARDS: Record<string, Card> = {
  'request (pending, any 1 of 2)': request({ state: 'pending' }),
  'request (pending, all must approve, by an agent)': request({
    state: 'pending',
    approvalsNeeded: 2,
    origin: { kind: 'agent', agentId: 'agent-7', reason: 'tidy up' },
  }),
  'request (pending, L4 distinct groups, one outdated record)': buildRequestCard({
    request: makeRequest({
      state: 'pending',
      tier: 'L4',
      approvalsNeeded: 2,
      distinctGroups: 2,
      outdated: [{ by: 'req_bbbbbbbbbbbb', recordIds: ['recAbc'] }],
    }),
    approvers: ['ou_bob', 'ou_carol', 'ou_dave'],
    approverGroups: groups,
    now: T0,
  }),
  'request (pending, one from each group)': buildRequestCard({
    request: makeRequest({ state: 'pending', tier: 'L4', approvalsNeeded: 2, distinctGroups: 3 }),
    approvers: ['ou_bob', 'ou_carol'],
    approverGroups: groups,
    now: T0,
  }),
  'request (pending, nobody configured)': buildRequestCard({
    request: makeRequest({ state: 'pending' }),
    approvers: [],
    now: T0,
  }),
  'request (dry run)': request({ state: 'dry_run', stage: 'dry-run' }),
  'request (expired)': request({ state: 'expired', expiresAt: T0 - 60_000 }),
  'request (rejected by two)': request({
    state: 'rejected',
    votes: [
      { voter: 'ou_bob', decision: 'reject', at: T0 },
      { voter: 'ou_alice', decision: 'reject', at: T0 },
    ],
  }),
  'request (executing, with progress)': buildRequestCard({
    request: makeRequest({ state: 'executing', execution: makeExecution('writing') }),
    approvers: ['ou_bob'],
    now: T0,
    progress: buildProgressLine(
      { step: 'write', recordsDone: 500, recordsTotal: 1_200, chunksDone: 1, chunksTotal: 3, startedAt: T0 },
      12,
    ),
  }),
  'request (applied, L4 groups)': request({
    state: 'applied',
    distinctGroups: 2,
    execution: applied,
    votes: [{ voter: 'ou_bob', decision: 'approve', at: T0 }],
  }),
  'request (applied, rolled back)': request({
    state: 'applied',
    execution: applied,
    rolledBackBy: 'req_cccccccccccc',
  }),
  'request (verify failed)': request({
    state: 'verify_failed',
    execution: { ...applied, verification: { ok: false, mismatches: ['recAbc.Status'] } },
  }),
  'request (stale)': request({
    state: 'stale',
    execution: { ...makeExecution('consumed'), problem: STALE_PROBLEM },
  }),
  'request (rollback, with conflicts, drill)': request({
    origin: {
      kind: 'rollback',
      of: 'req_dddddddddddd',
      backupId: `bk_${'b'.repeat(64)}`,
      conflicts: ['recAbc.Status'],
      drillId: 'd1',
      agentId: 'agent-7',
    },
  }),
  'request (a drill’s own change)': request({ origin: { kind: 'drill', drillId: 'd1' } }),
  'request (batch delete summary, 1,200 records)': request({
    plan: makePlan({ op: 'batch-delete', changes: manyDeletes }),
  }),
  'request (status snapshot)': request({ state: 'pending' }, { actions: false }),
  'schema (table create, with a restore)': request({
    plan: schemaPlan({
      op: 'table.create',
      table: { id: null, name: 'tmp_t' },
      tableFields: { before: null, after: [NAME, STAGE] },
      restore: {
        records: Array.from({ length: 7 }, (_, i) => ({ recordId: `rec${i}`, cells: { Name: `r${i}` } })),
      },
    }),
  }),
  'schema (table delete)': request({
    plan: schemaPlan({ op: 'table.delete', tableFields: { before: [NAME, STAGE], after: null } }),
  }),
  'schema (field update)': request({
    plan: schemaPlan({
      op: 'field.update',
      field: { before: STAGE, after: { ...STAGE, name: 'Phase', type: 4 } },
    }),
  }),
  'schema (field delete, applied)': request({
    state: 'applied',
    execution: applied,
    plan: schemaPlan({ op: 'field.delete', field: { before: STAGE, after: null } }),
  }),
  'alert (firing)': buildAlertCard({
    alert: makeAlert({ flaps: 2 }),
    description: describeAlert('redis'),
    now: T0 + 5 * 60_000,
    notify: ['ou_dave'],
    escalateTo: [],
  }),
  'alert (acked, escalated)': buildAlertCard({
    alert: makeAlert({
      ackedBy: 'ou_dave',
      ackedAt: T0 + 60_000,
      delivery: { ...makeAlert().delivery, escalatedAt: T0 + 30_000 },
    }),
    description: describeAlert('redis'),
    now: T0,
    notify: [],
    escalateTo: ['ou_erin'],
  }),
  'alert (resolved, never delivered)': buildAlertCard({
    alert: makeAlert({
      state: 'resolved',
      resolvedAt: T0 + 3 * 3_600_000,
      delivery: { ...makeAlert().delivery, pagedAt: null },
    }),
    description: describeAlert('redis'),
    now: T0,
    notify: [],
    escalateTo: [],
  }),
  'drill receipt (rollback, passed)': buildDrillReceiptCard({
    kind: 'rollback',
    passed: true,
    drillId: 'd1',
    base: 'sandbox',
    table: 'tmp_drill_d1',
    durationMs: 1_234,
    records: 5,
    requestId: 'req_eeeeeeeeeeee',
    rollbackId: 'req_ffffffffffff',
    beforeSha256: 'c'.repeat(64),
    problem: null,
  }),
  'drill receipt (rollback, failed)': buildDrillReceiptCard({
    kind: 'rollback',
    passed: false,
    drillId: 'd2',
    base: 'sandbox',
    table: null,
    durationMs: 10,
    records: 0,
    requestId: null,
    rollbackId: null,
    beforeSha256: null,
    problem: null,
  }),
  'drill receipt (schema, passed)': buildDrillReceiptCard({
    kind: 'schema',
    passed: true,
    drillId: 'd3',
    base: 'sandbox',
    table: 'tmp_drill_d3',
    requests: { 'table.create': 'req_gggggggggggg', rollback: 'req_hhhhhhhhhhhh' },
    problem: null,
  }),
  'drill receipt (batch delete, failed)': buildDrillReceiptCard({
    kind: 'batch-delete',
    passed: false,
    drillId: 'd4',
    base: 'sandbox',
    table: null,
    requests: {},
    problem: null,
  }),
  'record (get)': buildRecordCard({
    target: 'crm/Tasks',
    recordId: 'recAbc',
    fields: Array.from({ length: 60 }, (_, i) => ({
      fieldId: `fld${i}`,
      name: `Field${i}`,
      type: 1,
      isPrimary: i === 0,
      options: [],
    })),
    cells: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`Field${i}`, 'x'.repeat(600)])),
    stage: 'live',
  }),
  'search (more matches than shown)': buildSearchCard({
    target: 'crm/Tasks',
    query: 'Status=Open',
    fields: Array.from({ length: 8 }, (_, i) => ({
      fieldId: `fld${i}`,
      name: `Field${i}`,
      type: 1,
      isPrimary: i === 0,
      options: [],
    })),
    records: [{ recordId: 'recAbc', cells: { Field0: 'a' } }],
    total: 40,
  }),
};

/**
 * Words that may stay as they are in every language: what the fixtures put there (ids, aliases, table and
 * field names, values, stages, severities), the command words, and names of things (OpenPGP, UTC, sha256).
 * The alert's detail is the probe's own words (the error it met) and an op's problem the live op's own
 * sentence, audited as is: both stay as written. `ping` is a command in the first check; `bot` and `chat` are loanwords in Vietnamese.
 */
const AS_IN_THE_BASE = new Set(
  [
    ...['crm', 'Tasks', 'Status', 'Open', 'Done', 'Notes', 'sandbox', 'tmp', 'Name', 'Stage', 'Phase'],
    ...['live', 'dry', 'run', 'page', 'ops', 'finance', 'legal', 'agent', 'tidy', 'up'],
    ...['status', 'get', 'text', 'select', 'multi', 'OpenPGP', 'UTC', 'sha256', 'Base', 'ids', 'id'],

    ...['Larkgate', 'recAbc', 'cccccccccccc', 'rollback'],
    ...words(STALE_PROBLEM),
    ...['Redis', 'ping', 'bot', 'chat'],
    ...words(makeAlert().detail),
  ].map((word) => word.toLowerCase()),
);

/** Every text object on a card: header texts, tags, summary, markdown, buttons and their confirmations. */
function textsOf(node: unknown, path = '$'): { path: string; text: Record<string, unknown> }[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => textsOf(item, `${path}[${index}]`));
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own =
    typeof record.content === 'string' &&
    (record.tag === 'plain_text' ||
      record.tag === 'markdown' ||
      record.tag === 'lark_md' ||
      path.endsWith('summary'))
      ? [{ path, text: record }]
      : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) =>
      key === 'i18n_content' ? [] : textsOf(value, `${path}.${key}`),
    ),
  ];
}

/**
 * Plain words in a text, lower-cased: code spans, quoted log lines, mentions and markup left out, and any token with a digit,
 * an underscore, an entity or an inner dot in it (ids such as req_…, tmp&#95;t, recAbc․Status, a.b:c).
 */
function words(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#?\w+;/g, '_');
  return prose
    .split(/[\s,;()（）、。：:·*!?"'“”«»]+/u)
    .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((token) => /^[A-Za-z]{2,}$/.test(token))
    .map((token) => token.toLowerCase());
}

/** The texts on a card that are not in the four locales, or whose non-English ones kept English words. */
function textsLeftInEnglish(card: Card, allowed: ReadonlySet<string>): string[] {
  expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
  expect(card.config.locales).toEqual([...LOCALES]);
  const texts = textsOf(card);
  expect(texts.length).toBeGreaterThan(3);
  const left: string[] = [];
  for (const { path, text } of texts) {
    const i18n = text.i18n_content as Record<string, string> | undefined;
    expect(Object.keys(i18n ?? {}).sort(), path).toEqual([...LOCALES].sort());
    expect(text.content, path).toBe(i18n?.en_us);
    const english = new Set(words(i18n?.en_us ?? '').filter((word) => !allowed.has(word)));
    for (const locale of LOCALES.filter((each) => each !== 'en_us')) {
      const kept = words(i18n?.[locale] ?? '').filter((word) => english.has(word));
      if (kept.length > 0) left.push(`${locale} ${path}: ${kept.join(' ')} in «${i18n?.[locale]}»`);
    }
  }
  return left;
}

/** Commands, metrics and names of things the alerts' first checks cite as they are typed or shown. */
const IN_FIRST_CHECKS = ['INFO', 'memory', 'maxmemory', 'XADD', 'df', 'ls', 'larkgate', 'logs', 'readyz']
  .concat([
    'systemctl',
    'docker',
    'ps',
    'wss',
    'timedatectl',
    'Lark',
    'API',
    'App',
    'Secret',
    'Base',
    'Bases',
  ])
  .concat(['worker', 'audit'])
  .map((word) => word.toLowerCase());

describe('every card Larkgate sends, in the four card languages', () => {
  it.each(Object.entries(CARDS))(
    '%s: every text carries the four locales, none left in English',
    (_kind, card) => {
      expect(textsLeftInEnglish(card, AS_IN_THE_BASE)).toEqual([]);
    },
  );

  it.each(Object.keys(ALERT_KINDS))('the %s alert card reads in every locale', (kind) => {
    const card = buildAlertCard({
      alert: makeAlert({ key: `${kind}:crm`, detail: '' }),
      description: describeAlert(`${kind}:crm`),
      now: T0,
      notify: [],
      escalateTo: [],
    });

    expect(textsLeftInEnglish(card, new Set([...AS_IN_THE_BASE, ...IN_FIRST_CHECKS]))).toEqual([]);
  });

  it('the largest card, in four languages, stays within Lark’s 30 KB', () => {
    const sizes = Object.entries(CARDS).map(([kind, card]) => ({ kind, bytes: cardBytes(card) }));
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));

    expect(largest.bytes).toBeGreaterThan(20 * 1024);
    expect(largest.bytes, largest.kind).toBeLessThanOrEqual(30 * 1024);
  });
});
