import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import { buildRecordCard } from '../../cards/build-record-card.js';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSearchCard } from '../../cards/build-search-card.js';
import { reply } from '../../jobs/chat-context.js';
import type { RequestsDeps } from '../../src/app/requests/requests-deps.js';
import { buildAuditLine } from '../../src/domain/build-audit-line.js';
import { type ChatText, chatText, inertChatText } from '../../src/domain/chat-text.js';
import { describeAlert } from '../../src/domain/describe-alert.js';
import { findLiveMarkup, findLiveMarkupInCard, type LiveMarkup } from '../../src/domain/find-live-markup.js';
import type { FieldSpec, GovernedRequest, SchemaPlan } from '../../src/domain/governed-request.js';
import { buildHelpText } from '../../src/domain/help-text.js';
import { message as catalogueMessage } from '../../src/domain/i18n/message.js';
import { makePolicy } from '../builders/make-policy.js';
import { makePlan, makeRequest, T0 } from '../builders/make-request.js';
import { makeAlert } from '../monitoring/make-alert.js';

/** What someone could type in chat or put in a Base to make the bot mention, link or format. */
const HOSTILE_PIECES = [
  '<at user_id=all></at>',
  '<at user_id="all">everyone</at>',
  "<at user_id='ou_carol'></at>",
  '<AT USER_ID=all></AT>',
  '< at  open_id = ou_carol >C</ at >',
  '<at id=all></at>',
  '<at ids=ou_a,ou_b></at>',
  '<at email=ceo@corp.example></at>',
  '<at user_id=all/>',
  '&lt;at id=all&gt;',
  '[click](http://evil.example)',
  '![img](img_v2_x)',
  'http://',
  'https://evil.example/p?q=1',
  'www.evil.com',
  'evil.example.com',
  'mailto:a@b.co',
  'a@b.co',
  '@all',
  '@_all',
  '@_user_1',
  '<font color=red>',
  '<link url="http://x.io">x</link>',
  '**',
  '__',
  '~~',
  '`',
  '#',
  '- ',
  '1. ',
  '> ',
  '|',
  ':OK:',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u0000',
  '\n',
  '\r',
  ' ',
  'x',
  '.',
  ':',
  '/',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  '\\',
  '"',
  '=',
  'all',
];

const hostile = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 8 }).map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);
/** A field name or similar: never empty, so it stays a distinct key. */
const hostileName = hostile.map((text) => `f${text}`);
const RUNS = { numRuns: 1000 };

/**
 * Only what the builder would have shown for harmless input may be live: each mention and link of the
 * hostile output must be one the benign output has (the bot's own: approvers, the runbook), and it may
 * not have more other markup (the bot's own bold words).
 */
function expectNothingNew(found: LiveMarkup[], benign: LiveMarkup[]): void {
  const own = benign.filter((item) => item.kind !== 'markup').map((item) => `${item.kind}:${item.text}`);
  for (const item of found.filter((entry) => entry.kind !== 'markup')) {
    const at = own.indexOf(`${item.kind}:${item.text}`);
    expect(
      at,
      `${item.kind} ${JSON.stringify(item.text)} was not put there by the bot`,
    ).toBeGreaterThanOrEqual(0);
    own.splice(at, 1);
  }
  const markup = (list: LiveMarkup[]) => list.filter((item) => item.kind === 'markup').length;
  expect(markup(found), JSON.stringify(found.filter((item) => item.kind === 'markup'))).toBeLessThanOrEqual(
    markup(benign),
  );
}

function textMarkup(text: ChatText): LiveMarkup[] {
  return findLiveMarkup(text.text, 'text');
}

type Strings = { table: string; fields: string[]; values: string[]; record: string; other: string };
const strings = fc.record({
  table: hostile,
  fields: fc.array(hostileName, { minLength: 1, maxLength: 3 }),
  values: fc.array(hostile, { minLength: 2, maxLength: 6 }),
  record: hostile,
  other: hostile,
});
const BENIGN: Strings = {
  table: 'Tasks',
  fields: ['fA', 'fB', 'fC'],
  values: ['v', 'w'],
  record: 'recA',
  other: 'o',
};
/** The benign twin: the same shape, every string harmless. */
function benign(s: Strings): Strings {
  return {
    table: BENIGN.table,
    fields: s.fields.map((_, index) => `f${index}`),
    values: s.values.map((_, index) => `v${index}`),
    record: BENIGN.record,
    other: BENIGN.other,
  };
}

function recordsRequest(s: Strings, state: GovernedRequest['state'] = 'applied'): GovernedRequest {
  const value = (index: number) => s.values[index % s.values.length] ?? '';
  return makeRequest({
    state,
    requester: s.other,
    plan: makePlan({
      table: { id: 'tblT', name: s.table },
      fields: s.fields.map((name, index) => ({
        fieldId: `fld${index}`,
        name,
        type: 1,
        options: [],
        isPrimary: index === 0,
      })),
      changes: [
        {
          recordId: s.record,
          before: Object.fromEntries(s.fields.map((name, index) => [name, value(index)])),
          after: Object.fromEntries(s.fields.map((name, index) => [name, value(index + 1)])),
        },
        { recordId: null, before: null, after: { [s.fields[0] ?? 'f']: value(2) } },
      ],
    }),
    // `of` and the backup id are Larkgate's own ids (of a stored request); the conflicts quote the Base.
    origin: { kind: 'rollback', of: 'req_bbbbbbbbbbbb', backupId: 'bk_1', conflicts: [s.other, value(3)] },
    votes: [{ voter: s.other, decision: 'approve', at: T0, group: null } as never],
    execution: {
      step: 'verified',
      startedAt: T0,
      attempts: 1,
      backupId: 'bk_1',
      createdRecordIds: [s.record],
      idMap: null,
      schemaIds: null,
      preexistingMatches: [],
      verification: { ok: false, mismatches: [value(4), s.table] },
      problem: `${s.other} ${value(5)}`,
      finishedAt: T0,
    },
  });
}

function schemaRequest(s: Strings): GovernedRequest {
  const field = (name: string, option: string): FieldSpec => ({
    fieldId: 'fldX',
    name,
    type: 3,
    property: { options: [{ name: option, id: 'optA' }] },
    isPrimary: false,
  });
  const plan: SchemaPlan = {
    kind: 'schema',
    op: 'field.update',
    base: { alias: 'sandbox', appToken: 'SbxToken' },
    table: { id: 'tblT', name: s.table },
    field: {
      before: field(s.fields[0] ?? 'f', s.values[0] ?? ''),
      after: field(s.record, s.values[1] ?? ''),
    },
    tableFields: null,
    restore: null,
  };
  return makeRequest({ plan, requester: s.other, state: 'pending' });
}

describe('every message builder keeps hostile text inert (fast-check, 1,000 runs each)', () => {
  it.each(['pending', 'applied'] as const)('the request card for records (%s)', (state) => {
    fc.assert(
      fc.property(strings, (s) => {
        const card = (input: Strings) =>
          buildRequestCard({
            request: recordsRequest(input, state),
            approvers: ['ou_bob', input.other],
            now: T0,
          });
        expectNothingNew(findLiveMarkupInCard(card(s)), findLiveMarkupInCard(card(benign(s))));
      }),
      RUNS,
    );
  });

  it('the request card for a schema change', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const card = (input: Strings) =>
          buildRequestCard({ request: schemaRequest(input), approvers: ['ou_bob'], now: T0 });
        expectNothingNew(findLiveMarkupInCard(card(s)), findLiveMarkupInCard(card(benign(s))));
      }),
      RUNS,
    );
  });

  it('the record card (get) and the search card', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const fields = (input: Strings) =>
          input.fields.map((name, index) => ({
            fieldId: `fld${index}`,
            name,
            type: 1,
            options: [],
            isPrimary: false,
          }));
        const cells = (input: Strings) =>
          Object.fromEntries(
            input.fields.map((name, index) => [name, input.values[index % input.values.length] ?? '']),
          );
        const record = (input: Strings) =>
          buildRecordCard({
            target: `crm/${input.table}`,
            recordId: input.record,
            fields: fields(input),
            cells: cells(input),
            stage: 'live',
          });
        const search = (input: Strings) =>
          buildSearchCard({
            target: `crm/${input.table}`,
            query: input.other,
            fields: fields(input),
            records: [{ recordId: input.record, cells: cells(input) }],
            total: 1,
          });
        expectNothingNew(findLiveMarkupInCard(record(s)), findLiveMarkupInCard(record(benign(s))));
        expectNothingNew(findLiveMarkupInCard(search(s)), findLiveMarkupInCard(search(benign(s))));
      }),
      RUNS,
    );
  });

  it('the alert card (a failure detail can quote anything)', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const card = (input: Strings) =>
          buildAlertCard({
            alert: makeAlert({ detail: input.other, incident: input.record }),
            description: describeAlert('redis'),
            now: T0,
            notify: ['ou_dave'],
            escalateTo: ['ou_bob'],
            runbookUrl: 'https://runbooks.example/larkgate',
          });
        expectNothingNew(findLiveMarkupInCard(card(s)), findLiveMarkupInCard(card(benign(s))));
      }),
      RUNS,
    );
  });

  it.each(['applied', 'verify_failed'] as const)('the audit-chat line (%s)', (state) => {
    fc.assert(
      fc.property(strings, (s) => {
        const line = (input: Strings) => buildAuditLine(recordsRequest(input, state));
        expectNothingNew(textMarkup(line(s)), textMarkup(line(benign(s))));
        expectNothingNew(
          textMarkup(buildAuditLine(schemaRequest(s))),
          textMarkup(buildAuditLine(schemaRequest(benign(s)))),
        );
      }),
      RUNS,
    );
  });

  it('help (it echoes an unknown topic)', () => {
    fc.assert(
      fc.property(hostile, (topic) => {
        const help = (text: string) => findLiveMarkup(buildHelpText(`zz${text}`), 'text');
        expectNothingNew(help(topic), help('zz'));
      }),
      RUNS,
    );
  });

  it('chat replies: chatText, inertChatText and reply() with a plain string', async () => {
    await fc.assert(
      fc.asyncProperty(strings, async (s) => {
        const sent: ChatText[] = [];
        const deps = {
          chat: {
            replyText: async (_id: string, text: ChatText) => {
              sent.push(text);
              return { messageId: 'om_r' };
            },
          },
          policy: () => makePolicy([], { locale: 'vi_vn', userLocales: { ou_zed: 'ja_jp' } }),
        } as unknown as RequestsDeps;
        const message = { messageId: 'om_m', chatId: 'oc_c', senderOpenId: 'ou_alice' } as never;
        await reply(deps, message, 'p', `No record ${s.record} in crm/${s.table}.`);
        // A catalogue message in the chat's language (and one person's own): only its parameters are hostile.
        const refusal = catalogueMessage('reply.no_field_hint', {
          target: `crm/${s.table}`,
          field: s.fields[0] ?? '',
          hint: s.other,
        });
        await reply(deps, message, 'p', refusal);
        await reply(deps, { ...(message as object), senderOpenId: 'ou_zed' } as never, 'p', [
          refusal,
          s.values[0] ?? '',
        ]);
        const replies = [
          ...sent,
          chatText`Refused: no field ${s.fields[0] ?? ''} in ${s.table}`,
          inertChatText(`${s.other}\nUsage: get <base>/<table> <record>`),
        ];
        for (const text of replies) expect(textMarkup(text)).toEqual([]);
      }),
      RUNS,
    );
  });
});
