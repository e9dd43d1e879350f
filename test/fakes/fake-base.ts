import type { SearchFilterCondition } from '../../src/domain/build-search-filter.js';
import type { Cells, FieldMeta } from '../../src/domain/cell-value.js';
import { optionNames } from '../../src/domain/evaluate-schema-state.js';
import type { FieldSpec } from '../../src/domain/governed-request.js';
import type { BaseReader, TableRef } from '../../src/ports/base-reader.js';
import type { BaseWriter } from '../../src/ports/base-writer.js';
import type { LarkCallFailed } from '../../src/ports/lark-call-failed.js';
import type { SchemaGateway } from '../../src/ports/schema-gateway.js';

type Table = { name: string; fields: FieldSpec[]; records: Map<string, Cells> };
type Method = keyof (BaseReader & BaseWriter & SchemaGateway);

/** A planned failure of the next call to a method; `landed`: the call takes effect, then fails (ambiguous). */
type PlannedFailure = { failure: LarkCallFailed | Error; landed: boolean };

/**
 * One Lark Base in memory behind the Base ports (reader, writer, schema): tables, fields (as Lark's fields
 * API has them) and records. Every call is logged in `calls` (shared with other fakes through `log`, so a
 * test can assert the order of backup and write); `failNext` makes the next call of a method fail, before
 * or after it takes effect. Creates honour `clientToken` as Lark does: the same token answers the same
 * records. A search honours a filter's one-value `is` conditions (exact text), as Lark's does.
 */
export function createFakeBase(options: { log?: string[] } = {}) {
  const tables = new Map<string, Table>();
  const calls: string[] = options.log ?? [];
  const planned = new Map<Method, PlannedFailure[]>();
  const byToken = new Map<string, string[]>();
  /** Rewrites cells on their way in (a test's way to make a write land differently than asked). */
  let distort: (cells: Cells) => Cells = (cells) => cells;
  let nextId = 0;
  const newId = (prefix: string) => `${prefix}${String(++nextId).padStart(6, '0')}`;

  function table(tableId: string): Table {
    const found = tables.get(tableId);
    if (!found) throw new Error(`fake base: no table ${tableId}`);
    return found;
  }

  /** Runs one call: logged, then failed before, or after (landed), the effect, as planned. */
  async function call<T>(method: Method, effect: () => T | Promise<T>): Promise<T> {
    calls.push(`base.${method}`);
    const failure = planned.get(method)?.shift();
    if (failure && !failure.landed) throw failure.failure;
    const result = await effect();
    if (failure) throw failure.failure;
    return result;
  }

  function meta(spec: FieldSpec): FieldMeta {
    return {
      fieldId: spec.fieldId ?? '',
      name: spec.name,
      type: spec.type,
      isPrimary: spec.isPrimary,
      options: optionNames(spec.property),
    };
  }

  /** A search filter's `is` conditions on text (what buildSharedValueFilter makes); other conditions pass. */
  function matches(cells: Cells, filter: unknown): boolean {
    const conditions = (filter as { conditions?: SearchFilterCondition[] } | undefined)?.conditions ?? [];
    return conditions.every(
      (condition) =>
        condition.operator !== 'is' ||
        condition.value.length !== 1 ||
        cells[condition.field_name] === condition.value[0],
    );
  }

  function pick(cells: Cells, fields: readonly FieldMeta[]): Cells {
    const picked: Cells = {};
    for (const field of fields)
      if (Object.hasOwn(cells, field.name)) picked[field.name] = cells[field.name] ?? null;
    return picked;
  }

  function create(tableId: string, cells: Cells, clientToken: string | undefined, index = 0): string {
    const key = clientToken === undefined ? undefined : `${clientToken}:${index}`;
    const known = key === undefined ? undefined : byToken.get(key)?.[0];
    if (known) return known;
    const recordId = newId('rec');
    table(tableId).records.set(recordId, { ...distort(cells) });
    if (key !== undefined) byToken.set(key, [recordId]);
    return recordId;
  }

  const ports: BaseReader & BaseWriter & SchemaGateway = {
    listTables: (_app) =>
      call('listTables', (): TableRef[] => [...tables].map(([tableId, t]) => ({ tableId, name: t.name }))),
    listFields: (_app, tableId) => call('listFields', () => table(tableId).fields.map(meta)),
    listFieldSpecs: (_app, tableId) =>
      call('listFieldSpecs', () => table(tableId).fields.map((f) => ({ ...f }))),
    getRecords: (_app, tableId, recordIds, pending) =>
      call('getRecords', async () => {
        const fields = await pending;
        const records = new Map<string, Cells>();
        const absent: string[] = [];
        for (const id of recordIds) {
          const cells = table(tableId).records.get(id);
          if (cells) records.set(id, pick(cells, fields));
          else absent.push(id);
        }
        return { records, absent };
      }),
    searchRecords: (_app, tableId, fields, { max, filter, onPage }) =>
      call('searchRecords', () => {
        const all = [...table(tableId).records]
          .filter(([, cells]) => matches(cells, filter))
          .map(([recordId, cells]) => ({ recordId, cells: pick(cells, fields) }));
        // Pages of 500, as Lark's search returns them.
        for (let start = 0; start < Math.min(all.length, max); start += 500)
          onPage?.(all.slice(start, Math.min(start + 500, max)));
        return { records: all.slice(0, max), total: all.length, truncated: all.length > max };
      }),
    createRecord: (_app, tableId, _fields, cells, { clientToken }) =>
      call('createRecord', () => ({ recordId: create(tableId, cells, clientToken) })),
    updateRecord: (_app, tableId, recordId, _fields, cells) =>
      call('updateRecord', () => {
        const records = table(tableId).records;
        records.set(recordId, { ...records.get(recordId), ...distort(cells) });
        return { recordId };
      }),
    deleteRecord: (_app, tableId, recordId) =>
      call('deleteRecord', () => {
        table(tableId).records.delete(recordId);
        return { recordId };
      }),
    batchCreateRecords: (_app, tableId, _fields, rows, options) =>
      call('batchCreateRecords', () => {
        const token = options?.clientToken?.(0);
        return { recordIds: rows.map((cells, index) => create(tableId, cells, token, index)) };
      }),
    batchUpdateRecords: (_app, tableId, _fields, updates) =>
      call('batchUpdateRecords', () => {
        const records = table(tableId).records;
        for (const { recordId, cells } of updates)
          records.set(recordId, { ...records.get(recordId), ...distort(cells) });
        return { recordIds: updates.map((update) => update.recordId) };
      }),
    batchDeleteRecords: (_app, tableId, recordIds) =>
      call('batchDeleteRecords', () => {
        for (const id of recordIds) table(tableId).records.delete(id);
        return { recordIds: [...recordIds] };
      }),
    createTable: (_app, { name, fields }) =>
      call('createTable', () => {
        const tableId = newId('tbl');
        tables.set(tableId, {
          name,
          fields: fields.map((field) => ({ ...field, fieldId: newId('fld') })),
          records: new Map(),
        });
        return { tableId };
      }),
    deleteTable: (_app, tableId) =>
      call('deleteTable', () => {
        tables.delete(tableId);
      }),
    createField: (_app, tableId, field) =>
      call('createField', () => {
        const fieldId = newId('fld');
        table(tableId).fields.push({ ...field, fieldId });
        return { fieldId };
      }),
    updateField: (_app, tableId, fieldId, field) =>
      call('updateField', () => {
        const fields = table(tableId).fields;
        const index = fields.findIndex((f) => f.fieldId === fieldId);
        fields[index] = { ...field, fieldId };
        return { fieldId };
      }),
    deleteField: (_app, tableId, fieldId) =>
      call('deleteField', () => {
        const t = table(tableId);
        const gone = t.fields.find((f) => f.fieldId === fieldId);
        t.fields = t.fields.filter((f) => f.fieldId !== fieldId);
        if (gone) for (const cells of t.records.values()) delete cells[gone.name];
      }),
  };

  return {
    ports,
    calls,
    /** Adds a table with these fields (ids given or made up) and records. */
    addTable(tableId: string, name: string, fields: FieldSpec[], records: Record<string, Cells> = {}) {
      tables.set(tableId, {
        name,
        fields: fields.map((field) => ({ ...field, fieldId: field.fieldId ?? newId('fld') })),
        records: new Map(Object.entries(records).map(([id, cells]) => [id, { ...cells }])),
      });
    },
    table,
    /** The next call of `method` fails with `failure`; `landed`: after taking effect. */
    failNext(method: Method, failure: LarkCallFailed | Error, failOptions: { landed?: boolean } = {}) {
      planned.set(method, [...(planned.get(method) ?? []), { failure, landed: failOptions.landed ?? false }]);
    },
    /** Writes from now on land as `change` makes them. */
    distortWrites(change: (cells: Cells) => Cells) {
      distort = change;
    },
    /** How many calls of these methods were made. */
    count(...methods: Method[]): number {
      return calls.filter((entry) => methods.some((method) => entry === `base.${method}`)).length;
    },
  };
}
