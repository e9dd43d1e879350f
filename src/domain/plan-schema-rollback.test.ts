import { describe, expect, it } from 'vitest';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import type { Cells } from './cell-value.js';
import type { Execution, FieldSpec, SchemaPlan } from './governed-request.js';
import type { SchemaRequest } from './is-records-request.js';
import { planSchemaRollback } from './plan-schema-rollback.js';
import { buildSchemaBackupDocument } from './schema-backup-document.js';

const BASE = { alias: 'sandbox', appToken: 'SbxToken' };
const TABLE = { tableId: 'tblTmp', name: 'tmp_t' };
const OTHER = { tableId: 'tblScratch', name: 'Scratch' };

function spec(name: string, overrides: Partial<FieldSpec> = {}): FieldSpec {
  return { fieldId: `fld${name}`, name, type: 1, property: null, isPrimary: false, ...overrides };
}
const NAME = spec('Name', { isPrimary: true });
const STAGE = spec('Stage', {
  type: 3,
  property: {
    options: [
      { name: 'Open', id: 'optA' },
      { name: 'Done', id: 'optB' },
    ],
  },
});
const POINTS = spec('Points', { type: 2 });

function applied(
  plan: Omit<SchemaPlan, 'kind' | 'base' | 'restore'>,
  execution: Partial<Execution> = {},
): SchemaRequest {
  return makeRequest({
    plan: { kind: 'schema', base: BASE, restore: null, ...plan },
    state: 'applied',
    execution: {
      step: 'verified',
      startedAt: T0,
      attempts: 1,
      backupId: `bk_${'a'.repeat(64)}`,
      createdRecordIds: [],
      idMap: null,
      schemaIds: null,
      preexistingMatches: [],
      finishedAt: T0,
      verification: { ok: true, mismatches: [] },
      problem: null,
      ...execution,
    },
  }) as SchemaRequest;
}

function backupOf(request: SchemaRequest, fields: FieldSpec[], records: Record<string, Cells> = {}) {
  return buildSchemaBackupDocument(request, fields, new Map(Object.entries(records)), T0);
}

describe('planSchemaRollback', () => {
  it('re-creates a deleted table with its fields and records (option ids dropped, primary first)', () => {
    const original = applied({
      op: 'table.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: null,
      tableFields: { before: [STAGE, NAME], after: null },
    });
    const backup = backupOf(original, [STAGE, NAME], {
      recA: { Name: 'alpha', Stage: 'Open' },
      recB: { Name: 'beta', Stage: null },
    });

    const result = planSchemaRollback({
      original,
      backup,
      tables: [OTHER],
      now: { table: null, fields: [] },
      records: new Map(),
    });

    expect(result).toEqual({
      ok: true,
      conflicts: [],
      notes: [],
      plan: {
        kind: 'schema',
        op: 'table.create',
        base: BASE,
        table: { id: null, name: 'tmp_t' },
        field: null,
        tableFields: {
          before: null,
          after: [
            { ...NAME, fieldId: null },
            { ...STAGE, fieldId: null, property: { options: [{ name: 'Open' }, { name: 'Done' }] } },
          ],
        },
        restore: {
          records: [
            { recordId: 'recA', cells: { Name: 'alpha', Stage: 'Open' } },
            { recordId: 'recB', cells: { Name: 'beta' } },
          ],
        },
      },
    });
  });

  it('refuses to re-create a table whose name is taken again', () => {
    const original = applied({
      op: 'table.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: null,
      tableFields: { before: [NAME], after: null },
    });

    const result = planSchemaRollback({
      original,
      backup: backupOf(original, [NAME]),
      tables: [OTHER, { tableId: 'tblNew', name: 'tmp_t' }],
      now: { table: { tableId: 'tblNew', name: 'tmp_t' }, fields: [NAME] },
      records: new Map(),
    });

    expect(result).toEqual({
      ok: false,
      error: 'a table named tmp_t exists again: rename or delete it first',
    });
  });

  it('deletes a created table, naming as conflicts what changed since and the records it now holds', () => {
    const original = applied(
      {
        op: 'table.create',
        table: { id: null, name: 'tmp_t' },
        field: null,
        tableFields: { before: null, after: [NAME] },
      },
      { schemaIds: { tableId: 'tblTmp', fieldId: null } },
    );

    const result = planSchemaRollback({
      original,
      backup: backupOf(original, []),
      tables: [OTHER, TABLE],
      now: { table: TABLE, fields: [NAME, POINTS] },
      records: new Map([['recA', { Name: 'x', Points: 1 }]]),
    });

    expect(result.ok && result.plan).toMatchObject({
      op: 'table.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
    });
    expect(result.ok && result.conflicts).toEqual([
      'tmp_t: Points (number) is not expected',
      'tmp_t now holds 1 record(s) (it was created with 0): they are backed up, then deleted with the table',
    ]);
  });

  it('updates a field back to its backed-up definition and writes back the values the type change destroyed', () => {
    const score = { ...POINTS, name: 'Score', type: 1 };
    const original = applied({
      op: 'field.update',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: { before: POINTS, after: score },
      tableFields: null,
    });
    const backup = backupOf(original, [NAME, POINTS], {
      recA: { Points: 1 },
      recB: { Points: null },
      recGone: { Points: 7 },
    });

    const result = planSchemaRollback({
      original,
      backup,
      tables: [OTHER, TABLE],
      now: { table: TABLE, fields: [NAME, score] },
      records: new Map<string, Cells>([
        ['recA', { Name: 'a', Score: null }],
        ['recB', { Name: 'b', Score: null }],
      ]),
    });

    expect(result).toEqual({
      ok: true,
      conflicts: [],
      notes: ['1 record(s) were deleted since: their Points values are not restored'],
      plan: {
        kind: 'schema',
        op: 'field.update',
        base: BASE,
        table: { id: 'tblTmp', name: 'tmp_t' },
        field: { before: score, after: POINTS },
        tableFields: null,
        restore: { records: [{ recordId: 'recA', cells: { Points: 1 } }] },
      },
    });
  });

  it('re-creates a deleted field with its values, and deletes a created one', () => {
    const deleted = applied({
      op: 'field.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: { before: STAGE, after: null },
      tableFields: null,
    });
    const recreate = planSchemaRollback({
      original: deleted,
      backup: backupOf(deleted, [NAME, STAGE], { recA: { Stage: 'Done' }, recB: { Stage: null } }),
      tables: [OTHER, TABLE],
      now: { table: TABLE, fields: [NAME] },
      records: new Map<string, Cells>([
        ['recA', { Name: 'a' }],
        ['recB', { Name: 'b' }],
      ]),
    });
    expect(recreate.ok && recreate.plan).toMatchObject({
      op: 'field.create',
      field: {
        before: null,
        after: {
          fieldId: null,
          name: 'Stage',
          type: 3,
          property: { options: [{ name: 'Open' }, { name: 'Done' }] },
        },
      },
      restore: { records: [{ recordId: 'recA', cells: { Stage: 'Done' } }] },
    });

    const created = applied(
      {
        op: 'field.create',
        table: { id: 'tblTmp', name: 'tmp_t' },
        field: { before: null, after: { ...STAGE, fieldId: null } },
        tableFields: null,
      },
      { schemaIds: { tableId: null, fieldId: 'fldStage' } },
    );
    const remove = planSchemaRollback({
      original: created,
      backup: backupOf(created, [NAME]),
      tables: [OTHER, TABLE],
      now: { table: TABLE, fields: [NAME, STAGE] },
      records: new Map<string, Cells>([['recA', { Name: 'a', Stage: 'Open' }]]),
    });
    expect(remove.ok && remove.plan).toMatchObject({
      op: 'field.delete',
      field: { before: STAGE, after: null },
    });
    expect(remove.ok && remove.conflicts).toEqual([
      '1 record(s) have a value in Stage now: they are backed up, then deleted with the field',
    ]);
  });

  it('refuses a backup that belongs to another request', () => {
    const original = applied({
      op: 'field.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: { before: STAGE, after: null },
      tableFields: null,
    });
    const other = applied({
      op: 'field.delete',
      table: { id: 'tblTmp', name: 'tmp_t' },
      field: { before: POINTS, after: null },
      tableFields: null,
    });

    expect(
      planSchemaRollback({
        original,
        backup: backupOf(other, []),
        tables: [TABLE],
        now: { table: TABLE, fields: [] },
        records: new Map(),
      }),
    ).toEqual({ ok: false, error: `backup ${original.id} does not belong to ${original.id}` });
  });
});
