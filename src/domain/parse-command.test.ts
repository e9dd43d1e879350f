import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, ParsedCommand } from './command.js';
import { COMMAND_VERBS } from './command-verbs.js';
import { inEnglish } from './i18n/message.js';
import {
  MAX_ASSIGNMENTS,
  MAX_COMMAND_CHARS,
  MAX_RECORD_IDS,
  parseCommand as parse,
} from './parse-command.js';
import { quoteChatText } from './quote-chat-text.js';

const tasks = { base: 'crm', table: 'Tasks' };
const openDeals = { base: 'crm', table: 'Open Deals' };
const USAGE = Object.fromEntries(COMMAND_VERBS.map((spec) => [spec.kind, spec.usage]));

/** The parser's answer with its refusal in English (the catalogue's source language). */
function parseCommand(
  text: string,
): Exclude<ParsedCommand, { ok: false }> | { ok: false; error: string; usage: string | null } {
  const result = parse(text);
  return result.ok ? result : { ...result, error: inEnglish(result.error) };
}

function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

describe('parseCommand: commands it accepts', () => {
  it.each<[string, Command]>([
    ['help', { kind: 'help', topic: null }],
    ['', { kind: 'help', topic: null }],
    ['  \n ', { kind: 'help', topic: null }],
    ['HELP update', { kind: 'help', topic: 'update' }],
    ['? values', { kind: 'help', topic: 'values' }],
    ['/help', { kind: 'help', topic: null }],
    ['ｈｅｌｐ', { kind: 'help', topic: null }],
    ['get crm/Tasks recAbc123', { kind: 'get', target: tasks, recordId: 'recAbc123' }],
    ['Show crm/Tasks recAbc123', { kind: 'get', target: tasks, recordId: 'recAbc123' }],
    ['get "crm/Open Deals" recAbc123', { kind: 'get', target: openDeals, recordId: 'recAbc123' }],
    ['get crm/"Open Deals" recAbc123', { kind: 'get', target: openDeals, recordId: 'recAbc123' }],
    ['get “crm/Open Deals” recAbc123', { kind: 'get', target: openDeals, recordId: 'recAbc123' }],
    ['search crm/Tasks', { kind: 'search', target: tasks, conditions: [] }],
    [
      'find crm/Tasks Status=Open Owner=ou_bob',
      {
        kind: 'search',
        target: tasks,
        conditions: [
          { field: 'Status', value: 'Open' },
          { field: 'Owner', value: 'ou_bob' },
        ],
      },
    ],
    [
      'search crm/Tasks "Due Date"=',
      { kind: 'search', target: tasks, conditions: [{ field: 'Due Date', value: null }] },
    ],
    [
      'create crm/Tasks Title="Call ACME" Due=2026-12-01',
      {
        kind: 'create',
        target: tasks,
        assignments: [
          { field: 'Title', value: 'Call ACME' },
          { field: 'Due', value: '2026-12-01' },
        ],
      },
    ],
    [
      'add crm/Tasks Title=“Call ACME”',
      { kind: 'create', target: tasks, assignments: [{ field: 'Title', value: 'Call ACME' }] },
    ],
    [
      'update crm/Tasks recAbc123 Owner=ou_bob',
      {
        kind: 'update',
        target: tasks,
        recordId: 'recAbc123',
        assignments: [{ field: 'Owner', value: 'ou_bob' }],
      },
    ],
    [
      'set crm/Tasks recAbc123 "Due Date"=2026-12-01 Notes="" Tag=',
      {
        kind: 'update',
        target: tasks,
        recordId: 'recAbc123',
        assignments: [
          { field: 'Due Date', value: '2026-12-01' },
          { field: 'Notes', value: null },
          { field: 'Tag', value: null },
        ],
      },
    ],
    [
      'update\ncrm/Tasks\u00a0recAbc123\tNote="a = b" Formula=x=y',
      {
        kind: 'update',
        target: tasks,
        recordId: 'recAbc123',
        assignments: [
          { field: 'Note', value: 'a = b' },
          { field: 'Formula', value: 'x=y' },
        ],
      },
    ],
    [
      'update crm/Tasks recAbc123 Quote="she said \\"hi\\"" Path="C:\\\\temp" Raw="a\\nb"',
      {
        kind: 'update',
        target: tasks,
        recordId: 'recAbc123',
        assignments: [
          { field: 'Quote', value: 'she said "hi"' },
          { field: 'Path', value: 'C:\\temp' },
          { field: 'Raw', value: 'a\\nb' },
        ],
      },
    ],
    [
      'update crm/Tasks recAbc123 Notes="line one\nline two"',
      {
        kind: 'update',
        target: tasks,
        recordId: 'recAbc123',
        assignments: [{ field: 'Notes', value: 'line one\nline two' }],
      },
    ],
    [
      'delete crm/Tasks recAbc123 recDef456',
      { kind: 'delete', target: tasks, recordIds: ['recAbc123', 'recDef456'] },
    ],
    ['rm crm/Tasks recAbc123', { kind: 'delete', target: tasks, recordIds: ['recAbc123'] }],
    [
      'batch-delete crm/Tasks Status=Archived',
      { kind: 'batch-delete', target: tasks, condition: { field: 'Status', value: 'Archived' } },
    ],
    [
      'Bulk-Delete crm/Tasks Status=',
      { kind: 'batch-delete', target: tasks, condition: { field: 'Status', value: null } },
    ],
    ['rollback req_abcdefgh2345', { kind: 'rollback', requestId: 'req_abcdefgh2345' }],
    ['undo REQ_ABCDEFGH2345', { kind: 'rollback', requestId: 'req_abcdefgh2345' }],
    ['status req_abcdefgh2345', { kind: 'status', requestId: 'req_abcdefgh2345' }],
  ])('%j', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it.each(COMMAND_VERBS.flatMap((spec) => spec.examples.map((example) => [spec.kind, example] as const)))(
    'parses the help example for %s: %s',
    (kind, example) => {
      expect(parsed(example.replaceAll('@Bob', 'ou_bob')).kind).toBe(kind);
    },
  );

  it.each(COMMAND_VERBS.flatMap((spec) => spec.aliases.map((alias) => [alias, spec.kind] as const)))(
    'reads the alias %s as %s',
    (alias, kind) => {
      const args: Record<string, string> = {
        help: '',
        get: ' crm/T recAbc123',
        search: ' crm/T',
        create: ' crm/T A=1',
        update: ' crm/T recAbc123 A=1',
        delete: ' crm/T recAbc123',
        'batch-delete': ' crm/T A=1',
        rollback: ' req_abcdefgh2345',
        status: ' req_abcdefgh2345',
        'table-create': ' sandbox/tmp_t Name:text',
        'table-delete': ' sandbox/tmp_t',
        'field-create': ' sandbox/tmp_t A text',
        'field-update': ' sandbox/tmp_t A name=B',
        'field-delete': ' sandbox/tmp_t A',
      };
      expect(parsed(`${alias.toUpperCase()}${args[kind]}`).kind).toBe(kind);
    },
  );
});

describe('parseCommand: refusals say what is wrong and show the usage', () => {
  it.each<[string, string, string | null]>([
    [
      'updte crm/Tasks recAbc123 Status=Done',
      `I don't know the command "updte". Did you mean update?`,
      USAGE.update ?? null,
    ],
    ['serach crm/Tasks', `I don't know the command "serach". Did you mean search?`, USAGE.search ?? null],
    ['hello there', `I don't know the command "hello". Say help for the list of commands.`, null],
    ['get', 'get needs a table, written <base>/<table>, like crm/Tasks.', USAGE.get ?? null],
    [
      'create Title=x',
      'create needs a table before any Field=value, written <base>/<table>, like crm/Tasks.',
      USAGE.create ?? null,
    ],
    [
      'get Tasks recAbc123',
      `"Tasks" is not a table: write <base>/<table>, like crm/Tasks, and quote it if the table name has spaces: "crm/Open Deals".`,
      USAGE.get ?? null,
    ],
    [
      'get recAbc123',
      'get needs the table before the record id: get crm/Tasks recAbc123 (with your base and table).',
      USAGE.get ?? null,
    ],
    [
      'get /Tasks recAbc123',
      `"/Tasks" has no base before the "/": write <base>/<table>, like crm/Tasks.`,
      USAGE.get ?? null,
    ],
    [
      'get crm/ recAbc123',
      `"crm/" has no table after the "/": write <base>/<table>, like crm/Tasks.`,
      USAGE.get ?? null,
    ],
    ['get crm/Tasks', 'get needs a record id after the table, like recAbc123.', USAGE.get ?? null],
    [
      'update crm/Tasks Status=Done',
      'update needs the record id before the Field=value pairs: update crm/Tasks recAbc123 Status=Done.',
      USAGE.update ?? null,
    ],
    [
      'get crm/Tasks abc',
      `"abc" is not a record id: record ids are "rec" followed by letters and digits, like recAbc123.`,
      USAGE.get ?? null,
    ],
    [
      'get crm/Tasks recAbc123 recDef456',
      'Unexpected "recDef456" after the record id: get shows one record at a time.',
      USAGE.get ?? null,
    ],
    [
      'get crm/Tasks recAbc123 Status=Done',
      'Unexpected "Status=Done" after the record id: get shows one record (to change fields use update).',
      USAGE.get ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Done',
      `"Done" is not a Field=value pair. Write Field=value, and quote values with spaces: Title="Call ACME".`,
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Title=Buy milk',
      `"milk" is not a Field=value pair. If it belongs to Title, quote the whole value: Title="Buy milk".`,
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 "Due Date"=next week',
      `"week" is not a Field=value pair. If it belongs to Due Date, quote the whole value: "Due Date"="next week".`,
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Status= Done',
      `"Done" is not a Field=value pair. If you meant Status=Done, remove the space after "=".`,
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Owner=ou_a ou_b',
      '"ou_b" is not a Field=value pair. To name several people, separate them with commas and no spaces: Owner=ou_a,ou_b.',
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 =Done',
      `"=Done" has no field name before the "=". Write Field=value with no spaces around "=", and quote names with spaces: "Due Date"=2026-12-01.`,
      USAGE.update ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Status=Open Status=Done',
      'Status appears twice; give each field once.',
      USAGE.update ?? null,
    ],
    [
      'search crm/Tasks "Due Date"=2026-12-01 "Due Date"=',
      'Due Date appears twice; give each field once.',
      USAGE.search ?? null,
    ],
    [
      'update crm/Tasks recAbc123',
      'update needs at least one Field=value to change, e.g. Status=Done.',
      USAGE.update ?? null,
    ],
    [
      'create crm/Tasks',
      'create needs at least one Field=value for the new record, e.g. Title="Call ACME".',
      USAGE.create ?? null,
    ],
    [
      'create crm/Tasks recAbc123 Status=Done',
      'create makes a new record, so it takes no record id; to change recAbc123 use update crm/Tasks recAbc123 Field=value.',
      USAGE.create ?? null,
    ],
    ['delete crm/Tasks', 'delete needs the id of at least one record, like recAbc123.', USAGE.delete ?? null],
    [
      'delete "crm/Open Deals" Status=Done',
      'delete takes record ids, not "Status=Done"; to delete the records matching a condition use batch-delete "crm/Open Deals" Status=Done.',
      USAGE.delete ?? null,
    ],
    ['delete crm/Tasks recAbc123 recAbc123', 'recAbc123 is listed twice.', USAGE.delete ?? null],
    [
      'delete crm/Tasks recAbc123 nope',
      `"nope" is not a record id: record ids are "rec" followed by letters and digits, like recAbc123.`,
      USAGE.delete ?? null,
    ],
    [
      'batch-delete crm/Tasks',
      'batch-delete needs one Field=value condition saying which records to delete.',
      USAGE['batch-delete'] ?? null,
    ],
    [
      'batch-delete crm/Tasks A=1 B=2',
      'batch-delete takes exactly one Field=value condition, and got 2. Preview the matches with search first if you need several conditions.',
      USAGE['batch-delete'] ?? null,
    ],
    [
      'batch-delete crm/Tasks recAbc123',
      'batch-delete takes one Field=value condition, not record ids; to delete recAbc123 use delete crm/Tasks recAbc123.',
      USAGE['batch-delete'] ?? null,
    ],
    [
      'rollback',
      'rollback needs a request id, like req_abcdefgh2345 (it is on the request’s card).',
      USAGE.rollback ?? null,
    ],
    [
      'rollback req_123',
      '"req_123" is not a request id: request ids look like req_abcdefgh2345 (req_ and 12 more letters or digits), and each request’s card shows its id.',
      USAGE.rollback ?? null,
    ],
    [
      'status req_abcdefgh2345 now',
      'Unexpected "now" after the request id: status takes one request id.',
      USAGE.status ?? null,
    ],
    [
      'update crm/Tasks recAbc123 Title="Call ACME',
      'The quote that starts at "Call ACME is never closed. Add the closing ", or write \\" for a quote inside a quoted value.',
      USAGE.update ?? null,
    ],
    [
      'nonsense "unclosed',
      'The quote that starts at "unclosed is never closed. Add the closing ", or write \\" for a quote inside a quoted value.',
      null,
    ],
  ])('%j', (text, error, usage) => {
    expect(parseCommand(text)).toEqual({ ok: false, error, usage });
  });

  it('refuses text over the length cap without reading it', () => {
    const text = `update crm/Tasks recAbc123 Notes="${'x'.repeat(MAX_COMMAND_CHARS)}"`;
    expect(parseCommand(text)).toEqual({
      ok: false,
      error:
        'That message is too long: I read commands of up to 4,000 characters. Split it into smaller requests.',
      usage: null,
    });
  });

  it('caps the number of fields, conditions and record ids', () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `F${i}=1`).join(' ');
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `rec${String(i).padStart(4, '0')}`).join(' ');
    expect(parseCommand(`create crm/T ${pairs(MAX_ASSIGNMENTS)}`).ok).toBe(true);
    expect(parseCommand(`create crm/T ${pairs(MAX_ASSIGNMENTS + 1)}`)).toMatchObject({
      ok: false,
      error: 'That is 101 fields; one request takes at most 100.',
    });
    expect(parseCommand(`search crm/T ${pairs(50)}`).ok).toBe(true);
    expect(parseCommand(`search crm/T ${pairs(51)}`)).toMatchObject({
      ok: false,
      error: 'That is 51 conditions; one request takes at most 50.',
    });
    expect(parseCommand(`delete crm/T ${ids(MAX_RECORD_IDS)}`).ok).toBe(true);
    expect(parseCommand(`delete crm/T ${ids(MAX_RECORD_IDS + 1)}`)).toMatchObject({
      ok: false,
      error: 'That is 101 record ids; one delete takes at most 100. Split it up.',
    });
  });

  it('echoes at most 40 characters of a bad token', () => {
    const result = parseCommand(`get crm/Tasks ${'x'.repeat(300)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(`"${'x'.repeat(40)}…"`);
  });

  it('refuses a non-string instead of throwing', () => {
    expect(parseCommand(42 as unknown as string)).toEqual({
      ok: false,
      error: 'I could not read that message as text.',
      usage: null,
    });
  });
});

describe('parseCommand: properties', () => {
  const grammarish = fc
    .array(
      fc.constantFrom(
        'update',
        'get',
        'delete',
        'batch-delete',
        'help',
        'rollback',
        'crm/Tasks',
        '"crm/Open Deals"',
        'recAbc123',
        'req_abcdefgh2345',
        'A=1',
        'A=',
        '=',
        '"',
        '“',
        '”',
        '\\',
        '\\"',
        ' ',
        '\n',
        '\u00a0',
        '\u200b',
        '/',
        'Status="In progress"',
        'ou_x',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));

  it('never throws, and every refusal has a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), grammarish), (text) => {
        const result = parseCommand(text);
        if (!result.ok) expect(inEnglish(result.error).length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any field name and value written with quoteChatText', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((field) => field.trim() !== ''),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (field, value) => {
          const result = parseCommand(`update a/b recXyz1 ${quoteChatText(field)}=${quoteChatText(value)}`);
          expect(result).toEqual({
            ok: true,
            command: {
              kind: 'update',
              target: { base: 'a', table: 'b' },
              recordId: 'recXyz1',
              assignments: [{ field, value: value === '' ? null : value }],
            },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
