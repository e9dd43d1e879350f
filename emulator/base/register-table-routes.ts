import type { Router } from 'express';
import {
  type BaseApiDeps,
  bumpRevision,
  isObject,
  queryString,
  resolveBase,
  resolveTable,
  route,
} from './base-route-kit.js';
import type { BaseState, FieldState, TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableResult, bitableError } from './bitable-error.js';
import { isPrimaryFieldType, MAX_FIELDS_PER_TABLE, parseFieldDefinition } from './field-definitions.js';
import { paginate, parsePageSize } from './paginate.js';

const APPS = '/open-apis/bitable/v1/apps';
/** Tables and dashboards per Base (docs/reference/lark-api.md §2.1 table create). */
export const MAX_TABLES_PER_BASE = 100;

/**
 * App get, tables list / create / batch_create / delete / batch_delete (docs/reference/lark-api.md §2.1).
 * https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table/create
 */
export function registerTableRoutes(router: Router, deps: BaseApiDeps): void {
  router.get(
    `${APPS}/:app_token`,
    route((req) => {
      const resolved = resolveBase(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { base } = resolved;
      return ok({
        app: {
          app_token: base.app_token,
          name: base.name,
          revision: base.revision,
          is_advanced: false,
          time_zone: base.time_zone,
          formula_type: 2,
          advance_version: 'v2',
        },
      });
    }),
  );

  router.get(
    `${APPS}/:app_token/tables`,
    route((req) => {
      const resolved = resolveBase(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const size = parsePageSize(req.query.page_size, 100);
      if (size.kind === 'error') return size;
      const items = resolved.base.tables.map((table) => ({
        table_id: table.table_id,
        revision: table.revision,
        name: table.name,
      }));
      const page = paginate(
        items,
        size.value,
        queryString(req, 'page_token'),
        `tables:${resolved.base.app_token}`,
      );
      return page.kind === 'error' ? page : ok(page.value);
    }),
  );

  router.post(
    `${APPS}/:app_token/tables`,
    route((req) => {
      const resolved = resolveBase(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const { base } = resolved;
      const table = isObject(req.body) ? req.body.table : undefined;
      if (!isObject(table)) return bitableError('WrongRequestBody', 'table is required');
      const created = createTables(base, [table], deps);
      if (created.kind === 'error') return created;
      const [first] = created.data;
      return ok({
        table_id: first?.table_id,
        default_view_id: first?.default_view_id,
        field_id_list: first?.fields.map((field) => field.field_id) ?? [],
      });
    }),
  );

  router.post(
    `${APPS}/:app_token/tables/batch_create`,
    route((req) => {
      const resolved = resolveBase(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const tables = isObject(req.body) ? req.body.tables : undefined;
      if (!Array.isArray(tables) || tables.length === 0)
        return bitableError('WrongRequestBody', 'tables is required');
      const created = createTables(resolved.base, tables, deps);
      if (created.kind === 'error') return created;
      return ok({ table_ids: created.data.map((table) => table.table_id) });
    }),
  );

  router.delete(
    `${APPS}/:app_token/tables/:table_id`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      return deleteTables(resolved.base, [resolved.table.table_id]);
    }),
  );

  router.post(
    `${APPS}/:app_token/tables/batch_delete`,
    route((req) => {
      const resolved = resolveBase(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const ids = isObject(req.body) ? req.body.table_ids : undefined;
      if (!Array.isArray(ids) || ids.length === 0)
        return bitableError('WrongRequestBody', 'table_ids is required');
      return deleteTables(resolved.base, ids);
    }),
  );
}

/** Creates all the tables or none. A table without fields gets one primary text field, "Text". */
function createTables(base: BaseState, inputs: unknown[], deps: BaseApiDeps): BitableResult<TableState[]> {
  if (base.tables.length + inputs.length > MAX_TABLES_PER_BASE) return bitableError('TableExceedLimit');
  const names = new Set(base.tables.map((table) => table.name));
  const tables: TableState[] = [];
  for (const input of inputs) {
    if (!isObject(input)) return bitableError('WrongRequestBody', 'a table is an object');
    const { name, fields } = input;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
      return bitableError('WrongRequestBody', 'table name is 1-100 characters');
    }
    if (names.has(name)) return bitableError('TableNameDuplicated');
    names.add(name);
    const definitions = fields === undefined ? [{ field_name: 'Text', type: 1 }] : fields;
    if (
      !Array.isArray(definitions) ||
      definitions.length === 0 ||
      definitions.length > MAX_FIELDS_PER_TABLE
    ) {
      return bitableError('WrongRequestBody', `fields is an array of 1-${MAX_FIELDS_PER_TABLE}`);
    }
    const built: FieldState[] = [];
    for (const definition of definitions) {
      const parsed = parseFieldDefinition(definition, base, deps.context);
      if (parsed.kind === 'error') return parsed;
      if (built.length === 0 && !isPrimaryFieldType(parsed.value.type)) {
        // Table create documents this code with HTTP 400 (field update with 200).
        const known = BITABLE_ERRORS.NotSupportFieldOrView;
        const msg = `${known.msg}: the first (primary) field can not be of type ${parsed.value.type}`;
        return { kind: 'error', error: { ...known, msg, status: 400 } };
      }
      if (built.some((field) => field.field_name === parsed.value.field_name))
        return bitableError('FieldNameDuplicated');
      built.push({ ...parsed.value, field_id: deps.context.newId('fld'), is_primary: built.length === 0 });
    }
    tables.push({
      table_id: deps.context.newId('tbl'),
      name,
      revision: 1,
      default_view_id: deps.context.newId('vew'),
      fields: built,
      records: new Map(),
      next_auto_number: 1,
    });
  }
  base.tables.push(...tables);
  bumpRevision(base);
  return { kind: 'ok', data: tables };
}

/**
 * Deletes all the tables or none; deleting the last table of a Base is refused (403/1254034). Their records go
 * with them, so link fields of the other tables that pointed at a deleted table are emptied, as deleting a
 * record empties the links to it; the link fields themselves stay (and refuse record ids from then on).
 */
function deleteTables(base: BaseState, ids: unknown[]): BitableResult<Record<string, never>> {
  const doomed = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !base.tables.some((table) => table.table_id === id)) {
      return bitableError('TableIdNotFound');
    }
    doomed.add(id);
  }
  if (doomed.size >= base.tables.length) return bitableError('LastTableNotDeletable');
  base.tables = base.tables.filter((table) => !doomed.has(table.table_id));
  for (const table of base.tables) {
    const orphaned = table.fields.filter(
      (field) => (field.type === 18 || field.type === 21) && doomed.has(String(field.property?.table_id)),
    );
    for (const field of orphaned)
      for (const record of table.records.values()) record.cells.delete(field.field_id);
  }
  bumpRevision(base);
  return ok({});
}

function ok<T>(data: T): BitableResult<T> {
  return { kind: 'ok', data };
}
