import { type EmulatorSeed, type SeedBase, SeedError, type SeedField } from '../seed.js';
import type { BaseContext, BaseState, FieldState, TableState } from './base-state.js';
import { convertCellWrite } from './convert-cell-write.js';
import { isPrimaryFieldType, parseFieldDefinition } from './field-definitions.js';
import { UI_TYPES } from './field-types.js';
import { addSelectOptions, normaliseProperty } from './select-options.js';

/**
 * Builds the in-memory Bases from `seed.bases`. Seed fields go through the checks of table create (a known
 * type, a primary field of a type the primary may have, link fields naming a table of the Base, unique names);
 * seed cells are in the *write* shape and go through the same conversion as a create call. Anything a create
 * would refuse throws a SeedError naming where it is.
 */
export function createBaseStates(seed: EmulatorSeed, context: BaseContext): Map<string, BaseState> {
  const bases = new Map<string, BaseState>();
  for (const seedBase of seed.bases) {
    const base = buildBase(seedBase, context);
    checkFields(seedBase, base, context);
    bases.set(seedBase.app_token, base);
  }
  for (const seedBase of seed.bases)
    fillRecords(seedBase, bases.get(seedBase.app_token) as BaseState, context);
  return bases;
}

function checkFields(seedBase: SeedBase, base: BaseState, context: BaseContext): void {
  for (const seedTable of seedBase.tables) {
    const names = new Set<string>();
    seedTable.fields.forEach((field, index) => {
      const where = `seed base ${base.app_token}, table ${seedTable.table_id}, field "${field.field_name}"`;
      const parsed = parseFieldDefinition(field, base, context);
      if (parsed.kind === 'error')
        throw new SeedError(`${where}: ${parsed.error.msg} (${parsed.error.code})`);
      if (index === 0 && !isPrimaryFieldType(field.type)) {
        throw new SeedError(
          `${where}: the first (primary) field can not be of type ${field.type} (1254012 NotSupportFieldOrView)`,
        );
      }
      if (names.has(field.field_name)) throw new SeedError(`${where}: duplicate field name (1254014)`);
      names.add(field.field_name);
    });
  }
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
        if (!field) throw new SeedError(`${where}: no such field`);
        const write = convertCellWrite(field, value, { base, context, userIdType: 'open_id' });
        if (write.kind === 'error') throw new SeedError(`${where}: ${write.error.msg} (${write.error.code})`);
        if (write.kind === 'set') {
          addSelectOptions(field, write.newOptions, context);
          record.cells.set(field.field_id, write.value);
        }
      }
    }
  });
}
