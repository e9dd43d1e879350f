import { describe, expect, it } from 'vitest';
import { makeBase } from '../../test/builders/make-policy.js';
import type { FieldMeta } from './cell-value.js';
import { buildTourDetails, evaluateTour, type TourObservation } from './evaluate-tour.js';

const field = (name: string, options: string[] = []): FieldMeta => ({
  fieldId: `fld${name}`,
  name,
  type: options.length > 0 ? 3 : 1,
  isPrimary: false,
  options,
});

function observed(overrides: Partial<TourObservation> = {}): TourObservation {
  return {
    app: { ok: true, value: { name: 'CRM' } },
    tables: {
      ok: true,
      value: [
        { tableId: 'tblTasks', name: 'Tasks' },
        { tableId: 'tblOther', name: 'Other' },
      ],
    },
    perTable: {
      Tasks: {
        fields: { ok: true, value: [field('Title'), field('Larkgate', ['deletable', 'keep'])] },
        sample: { ok: true, value: { records: 3 } },
      },
    },
    ...overrides,
  };
}

describe('evaluateTour', () => {
  it('is green when the base, its tables, fields, records and marker all read as policy says', () => {
    const result = evaluateTour(makeBase({ marker: { field: 'Larkgate', value: 'deletable' } }), observed());

    expect(result).toMatchObject({ alias: 'crm', green: true, reasons: [], appName: 'CRM' });
    expect(result.tables).toEqual([
      { name: 'Tasks', tableId: 'tblTasks', fields: 2, sampled: 3, problems: [] },
    ]);
    expect(result.notes).toEqual(['tables not in policy (Larkgate will not touch them): Other']);
  });

  it.each<[string, Parameters<typeof makeBase>[0], Partial<TourObservation>, string]>([
    [
      'the Base is unreadable',
      {},
      { app: { ok: false, error: 'HTTP 403' } },
      'cannot read the Base (app get): HTTP 403',
    ],
    [
      'tables cannot be listed',
      {},
      { tables: { ok: false, error: 'timeout' } },
      "cannot list the Base's tables: timeout",
    ],
    [
      'a configured table is missing',
      { tables: ['Tasks', 'Ghost'] },
      {},
      'table "Ghost" is in policy but not in the Base (it has: Tasks, Other)',
    ],
    [
      'records cannot be read',
      {},
      {
        perTable: {
          Tasks: { fields: { ok: true, value: [field('Title')] }, sample: { ok: false, error: '1254302' } },
        },
      },
      'cannot read records of "Tasks": 1254302',
    ],
    [
      'the marker field is missing',
      { marker: { field: 'Deletable', value: 'yes' } },
      {},
      'table "Tasks" has no marker field "Deletable": every batch delete there would be refused',
    ],
    [
      'the marker option is missing',
      { marker: { field: 'Larkgate', value: 'gone' } },
      {},
      'the marker field "Larkgate" of "Tasks" has no option "gone" (it has: deletable, keep)',
    ],
  ])('is red when %s, saying so', (_name, base, overrides, reason) => {
    const result = evaluateTour(makeBase(base), observed(overrides));

    expect(result.green).toBe(false);
    expect(result.reasons).toContain(reason);
  });

  it('summarises a tour for the audit event', () => {
    const green = evaluateTour(makeBase(), observed());
    const red = evaluateTour(makeBase({ alias: 'billing', tables: ['Ghost'] }), observed());

    expect(buildTourDetails([green, red])).toEqual({
      green: false,
      bases: {
        crm: { green: true, reasons: [] },
        billing: {
          green: false,
          reasons: ['table "Ghost" is in policy but not in the Base (it has: Tasks, Other)'],
        },
      },
    });
  });
});
