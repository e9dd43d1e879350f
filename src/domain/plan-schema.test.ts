import { describe, expect, it } from 'vitest';
import type { SchemaCommand } from './command.js';
import { evaluateSchemaState } from './evaluate-schema-state.js';
import type { FieldSpec } from './governed-request.js';
import { inEnglish } from './i18n/message.js';
import { planSchema } from './plan-schema.js';

const BASE = { alias: 'sandbox', appToken: 'SbxToken' };
const TABLES = [
  { tableId: 'tblScratch', name: 'Scratch' },
  { tableId: 'tblTmp', name: 'tmp_t' },
];

function spec(overrides: Partial<FieldSpec> & { name: string }): FieldSpec {
  return { fieldId: `fld${overrides.name}`, type: 1, property: null, isPrimary: false, ...overrides };
}

const FIELDS: FieldSpec[] = [
  spec({ name: 'Name', isPrimary: true }),
  spec({
    name: 'Stage',
    type: 3,
    property: {
      options: [
        { name: 'Open', id: 'optA', color: 1 },
        { name: 'Done', id: 'optB', color: 2 },
      ],
    },
  }),
  spec({ name: 'Points', type: 2 }),
];

function plan(command: SchemaCommand, fields = FIELDS) {
  return planSchema({ command, base: BASE, tables: TABLES, fields });
}

const target = (table: string) => ({ base: 'sandbox', table });

describe('planSchema', () => {
  it('plans a table with its fields, the first primary, select options and link tables resolved', () => {
    const result = plan(
      {
        kind: 'table-create',
        target: target('tmp_new'),
        fields: [
          { name: 'Title', type: 1, options: null, linkTable: null },
          { name: 'Tags', type: 4, options: ['a', 'b'], linkTable: null },
          { name: 'Parent', type: 18, options: null, linkTable: 'Scratch' },
        ],
      },
      [],
    );

    expect(result).toEqual({
      ok: true,
      plan: {
        kind: 'schema',
        op: 'table.create',
        base: BASE,
        table: { id: null, name: 'tmp_new' },
        field: null,
        tableFields: {
          before: null,
          after: [
            { fieldId: null, name: 'Title', type: 1, property: null, isPrimary: true },
            {
              fieldId: null,
              name: 'Tags',
              type: 4,
              property: { options: [{ name: 'a' }, { name: 'b' }] },
              isPrimary: false,
            },
            {
              fieldId: null,
              name: 'Parent',
              type: 18,
              property: { table_id: 'tblScratch' },
              isPrimary: false,
            },
          ],
        },
        restore: null,
      },
    });
  });

  it('keeps the ids of options that stay when a select’s options change, so their cells keep them', () => {
    const result = plan({
      kind: 'field-update',
      target: target('tmp_t'),
      field: 'Stage',
      changes: { name: null, type: null, options: ['Done', 'Archived'], linkTable: null },
    });

    expect(result.ok && result.plan.field?.after?.property).toEqual({
      options: [{ name: 'Done', id: 'optB', color: 2 }, { name: 'Archived' }],
    });
    expect(result.ok && result.plan.field?.before).toEqual(FIELDS[1]);
  });

  it('plans deletes with the whole before-state', () => {
    expect(plan({ kind: 'table-delete', target: target('tmp_t') })).toMatchObject({
      ok: true,
      plan: {
        op: 'table.delete',
        table: { id: 'tblTmp', name: 'tmp_t' },
        tableFields: { before: FIELDS, after: null },
      },
    });
    expect(plan({ kind: 'field-delete', target: target('tmp_t'), field: 'Points' })).toMatchObject({
      ok: true,
      plan: { op: 'field.delete', field: { before: FIELDS[2], after: null } },
    });
  });

  it.each<[string, SchemaCommand, string]>([
    [
      'a table that exists',
      { kind: 'table-create', target: target('tmp_t'), fields: [] },
      'already has a table named tmp_t',
    ],
    [
      'a missing table',
      { kind: 'field-delete', target: target('tmp_gone'), field: 'A' },
      'There is no table "tmp_gone"',
    ],
    [
      'a duplicate field',
      {
        kind: 'field-create',
        target: target('tmp_t'),
        field: { name: 'Points', type: 2, options: null, linkTable: null },
      },
      'already has a field named Points',
    ],
    [
      'the primary field',
      { kind: 'field-delete', target: target('tmp_t'), field: 'Name' },
      "tmp_t's primary field",
    ],
    [
      'a rename onto another field',
      {
        kind: 'field-update',
        target: target('tmp_t'),
        field: 'Points',
        changes: { name: 'Stage', type: null, options: null, linkTable: null },
      },
      'There is already a field named Stage.',
    ],
    [
      'a primary field turned into a checkbox',
      {
        kind: 'field-update',
        target: target('tmp_t'),
        field: 'Name',
        changes: { name: null, type: 7, options: null, linkTable: null },
      },
      'cannot be a checkbox',
    ],
    [
      'a change that changes nothing',
      {
        kind: 'field-update',
        target: target('tmp_t'),
        field: 'Points',
        changes: { name: 'Points', type: 2, options: null, linkTable: null },
      },
      'nothing would change',
    ],
    [
      'a select without options',
      {
        kind: 'field-update',
        target: target('tmp_t'),
        field: 'Points',
        changes: { name: null, type: 3, options: null, linkTable: null },
      },
      'needs its options',
    ],
    [
      'a link to a missing table',
      {
        kind: 'field-create',
        target: target('tmp_t'),
        field: { name: 'L', type: 18, options: null, linkTable: 'Nope' },
      },
      'There is no table "Nope" to link to.',
    ],
  ])('refuses %s', (_name, command, error) => {
    const result = plan(command);

    expect(result.ok).toBe(false);
    expect(!result.ok && inEnglish(result.error)).toContain(error);
  });

  it('refuses to delete the base’s only table', () => {
    const result = planSchema({
      command: { kind: 'table-delete', target: target('tmp_t') },
      base: BASE,
      tables: [{ tableId: 'tblTmp', name: 'tmp_t' }],
      fields: FIELDS,
    });

    expect(!result.ok && inEnglish(result.error)).toContain('only table, and Lark keeps at least one');
  });
});

describe('evaluateSchemaState', () => {
  const update = plan({
    kind: 'field-update',
    target: target('tmp_t'),
    field: 'Points',
    changes: { name: 'Score', type: 1, options: null, linkTable: null },
  });
  if (!update.ok) throw new Error(inEnglish(update.error));
  const table = { tableId: 'tblTmp', name: 'tmp_t' };

  it.each<[string, FieldSpec[], string]>([
    ['the field as it was', FIELDS, 'before'],
    [
      'the field as updated',
      [FIELDS[0] as FieldSpec, FIELDS[1] as FieldSpec, spec({ name: 'Score', fieldId: 'fldPoints' })],
      'after',
    ],
    [
      'the field changed by someone else',
      [FIELDS[0] as FieldSpec, FIELDS[1] as FieldSpec, spec({ name: 'Points', type: 5 })],
      'drifted',
    ],
    ['the field gone', [FIELDS[0] as FieldSpec], 'drifted'],
  ])('reads %s as %s', (_name, fields, kind) => {
    expect(evaluateSchemaState(update.plan, { table, fields }).kind).toBe(kind);
  });

  it('sees a created table by its fields, ignoring option ids and colours Lark adds', () => {
    const created = plan(
      {
        kind: 'table-create',
        target: target('tmp_new'),
        fields: [
          { name: 'S', type: 1, options: null, linkTable: null },
          { name: 'T', type: 3, options: ['x'], linkTable: null },
        ],
      },
      [],
    );
    if (!created.ok) throw new Error(inEnglish(created.error));
    const read = [
      spec({ name: 'S', isPrimary: true }),
      spec({ name: 'T', type: 3, property: { options: [{ name: 'x', id: 'optZ', color: 0 }] } }),
    ];

    expect(evaluateSchemaState(created.plan, { table: null, fields: [] }).kind).toBe('before');
    expect(
      evaluateSchemaState(created.plan, { table: { tableId: 'tblNew', name: 'tmp_new' }, fields: read }).kind,
    ).toBe('after');
    expect(
      evaluateSchemaState(created.plan, {
        table: { tableId: 'tblNew', name: 'tmp_new' },
        fields: read.slice(0, 1),
      }),
    ).toEqual({
      kind: 'drifted',
      differences: ['a table named tmp_new exists with other fields: T is missing'],
    });
  });
});
