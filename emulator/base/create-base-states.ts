import type { EmulatorSeed, SeedBase, SeedField } from '../seed.js';
import type { BaseContext, BaseState, FieldState, TableState } from './base-state.js';
import { convertCellWrite } from './convert-cell-write.js';
import { UI_TYPES } from './field-types.js';
import { addSelectOptions, normaliseProperty } from './select-options.js';

/**
 * Builds the in-memory Bases from `seed.bases`. Seed cells are in the *write* shape and go through the same
 * conversion as a create call; a cell that a create would refuse makes this throw, naming where it is.
 */
export function createBaseStates(seed: EmulatorSeed, context: BaseContext): Map<string, BaseState> {
  const bases = new Map<string, BaseState>();
  for (const seedBase of seed.bases) bases.set(seedBase.app_token, buildBase(seedBase, context));
  for (const seedBase of seed.bases)
    fillRecords(seedBase, bases.get(seedBase.app_token) as BaseState, context);
  return bases;
}

function buildBase(seedBase: SeedBase, context: BaseContext): BaseState {
  return {
    app_token: seedBase.app_token,
    name: seedBase.name,
    revision: 1,
    time_zone: 'Asia/Shanghai',
    permission: seedBase.app_permission,
    client_tokens: new Set(),
    tables: seedBase.tables.map(
      (seedTable): TableState => ({
        table_id: seedTable.table_id,
        name: seedTable.name,
        revision: 1,
        default_view_id: context.newId('vew'),
        fields: seedTable.fields.map((field, index) => buildSeedField(field, index === 0, context)),
        records: new Map(),
        next_auto_number: 1,
      }),
    ),
  };
}

export function buildSeedField(field: SeedField, isPrimary: boolean, context: BaseContext): FieldState {
  return {
    field_id: field.field_id ?? context.newId('fld'),
    field_name: field.field_name,
    type: field.type,
    property: normaliseProperty(field.type, field.property ?? null, context),
    description: field.description,
    ui_type: field.ui_type ?? UI_TYPES[field.type] ?? 'Text',
    is_primary: isPrimary,
  };
}

function fillRecords(seedBase: SeedBase, base: BaseState, context: BaseContext): void {
  const now = context.clock();
  seedBase.tables.forEach((seedTable, tableIndex) => {
    const table = base.tables[tableIndex] as TableState;
    for (const seedRecord of seedTable.records) {
      table.records.set(seedRecord.record_id, {
        record_id: seedRecord.record_id,
        cells: new Map(),
        created_time: now,
        last_modified_time: now,
        created_by: context.actor,
        last_modified_by: context.actor,
        auto_number: table.next_auto_number++,
      });
    }
  });
  seedBase.tables.forEach((seedTable, tableIndex) => {
    const table = base.tables[tableIndex] as TableState;
    for (const seedRecord of seedTable.records) {
      const record = table.records.get(seedRecord.record_id);
      if (!record) continue;
      for (const [name, value] of Object.entries(seedRecord.fields)) {
        const where = `seed base ${base.app_token}, table ${table.table_id}, record ${record.record_id}, field "${name}"`;
        const field = table.fields.find((candidate) => candidate.field_name === name);
        if (!field) throw new Error(`${where}: no such field`);
        const write = convertCellWrite(field, value, { base, context, userIdType: 'open_id' });
        if (write.kind === 'error') throw new Error(`${where}: ${write.error.msg} (${write.error.code})`);
        if (write.kind === 'set') {
          addSelectOptions(field, write.newOptions, context);
          record.cells.set(field.field_id, write.value);
        }
      }
    }
  });
}
