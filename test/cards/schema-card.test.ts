import { describe, expect, it } from 'vitest';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSchemaRows } from '../../cards/build-schema-rows.js';
import { evaluateCard } from '../../emulator/im/evaluate-card.js';
import type { FieldSpec, SchemaPlan } from '../../src/domain/governed-request.js';
import { makeRequest, T0 } from '../builders/make-request.js';

const BASE = { alias: 'sandbox', appToken: 'SbxToken' };
const NAME: FieldSpec = { fieldId: 'fldName', name: 'Name', type: 1, property: null, isPrimary: true };
const STAGE: FieldSpec = {
  fieldId: 'fldStage',
  name: 'Stage',
  type: 3,
  property: {
    options: [
      { name: 'Open', id: 'optA' },
      { name: 'Done', id: 'optB' },
    ],
  },
  isPrimary: false,
};

function plan(overrides: Partial<SchemaPlan> & Pick<SchemaPlan, 'op'>): SchemaPlan {
  return {
    kind: 'schema',
    base: BASE,
    table: { id: 'tblT', name: 'tmp_t' },
    field: null,
    tableFields: null,
    restore: null,
    ...overrides,
  };
}

const PLANS: Record<string, SchemaPlan> = {
  'table.create': plan({
    op: 'table.create',
    table: { id: null, name: 'tmp_t' },
    tableFields: { before: null, after: [NAME, STAGE] },
  }),
  'table.delete': plan({ op: 'table.delete', tableFields: { before: [NAME, STAGE], after: null } }),
  'field.create': plan({ op: 'field.create', field: { before: null, after: STAGE } }),
  'field.update': plan({
    op: 'field.update',
    field: {
      before: STAGE,
      after: { ...STAGE, name: 'Phase', property: { options: [{ name: 'Open' }, { name: 'Closed' }] } },
    },
  }),
  'field.delete': plan({ op: 'field.delete', field: { before: STAGE, after: null } }),
  'table.create with restore': plan({
    op: 'table.create',
    table: { id: null, name: 'tmp_t' },
    tableFields: { before: null, after: [NAME] },
    restore: {
      records: Array.from({ length: 7 }, (_, i) => ({ recordId: `rec${i}`, cells: { Name: `r${i}` } })),
    },
  }),
};

describe('schema request cards', () => {
  it.each(Object.entries(PLANS))("a %s card passes Lark's card rules", (_name, schemaPlan) => {
    const card = buildRequestCard({
      request: makeRequest({ plan: schemaPlan }),
      approvers: ['ou_bob'],
      now: T0,
    });

    expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
  });

  it('shows a field update property by property, before → after', () => {
    expect(buildSchemaRows(PLANS['field.update'] as SchemaPlan)).toEqual([
      { record: 'field Phase', field: 'name', before: 'Stage', after: 'Phase' },
      { record: 'field Phase', field: 'options', before: 'Open, Done', after: 'Open, Closed' },
    ]);
  });

  it('says what a delete destroys is backed up, and what a rollback restores', () => {
    expect(buildSchemaRows(PLANS['field.delete'] as SchemaPlan)).toContainEqual({
      record: 'field Stage',
      field: 'values',
      before: 'in every record',
      after: 'backed up, then deleted with the field',
    });
    expect(buildSchemaRows(PLANS['table.create with restore'] as SchemaPlan).at(-1)).toEqual({
      record: 'records',
      field: 'restored from the backup',
      before: '—',
      after: '7 record(s) re-created (new ids, mapped old → new): rec0, rec1, rec2, rec3, rec4 and 2 more',
    });
  });

  it('has no Approve button on a drill’s own request: the drill runner approves it', () => {
    const card = buildRequestCard({
      request: makeRequest({
        plan: PLANS['field.create'] as SchemaPlan,
        origin: { kind: 'drill', drillId: 'd1' },
      }),
      approvers: ['ou_bob'],
      now: T0,
    });

    expect(JSON.stringify(card)).not.toContain('"action":"approve"');
    expect(JSON.stringify(card)).toContain('The drill runner approves this itself');
  });
});
