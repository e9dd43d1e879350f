import type { Router } from 'express';
import {
  type BaseApiDeps,
  bumpRevision,
  checkClientToken,
  queryString,
  rememberClientToken,
  resolveTable,
  route,
} from './base-route-kit.js';
import { type BitableResult, bitableError } from './bitable-error.js';
import {
  buildFieldRead,
  isPrimaryFieldType,
  MAX_FIELDS_PER_TABLE,
  parseFieldDefinition,
} from './field-definitions.js';
import { paginate, parsePageSize } from './paginate.js';

const FIELDS = '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/fields';

/**
 * Fields list / create / update (full overwrite) / delete (docs/reference/lark-api.md §2.1).
 * https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table-field/update
 */
export function registerFieldRoutes(router: Router, deps: BaseApiDeps): void {
  router.get(
    FIELDS,
    route((req) => {
      const resolved = resolveTable(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { table } = resolved;
      const viewId = queryString(req, 'view_id');
      if (viewId && viewId !== table.default_view_id) return bitableError('ViewIdNotFound');
      const size = parsePageSize(req.query.page_size, 100);
      if (size.kind === 'error') return size;
      const page = paginate(
        table.fields.map((field) => buildFieldRead(field, 'list')),
        size.value,
        queryString(req, 'page_token'),
        `fields:${table.table_id}`,
      );
      return page.kind === 'error' ? page : ok(page.value);
    }),
  );

  router.post(
    FIELDS,
    route((req) => {
      const resolved = resolveTable(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const { base, table } = resolved;
      const clientToken = checkClientToken(base, req);
      if (clientToken.kind === 'error') return clientToken;
      if (table.fields.length >= MAX_FIELDS_PER_TABLE) return bitableError('FieldExceedLimit');
      const parsed = parseFieldDefinition(req.body, base, deps.context);
      if (parsed.kind === 'error') return parsed;
      if (table.fields.some((field) => field.field_name === parsed.value.field_name)) {
        return bitableError('FieldNameDuplicated');
      }
      const field = { ...parsed.value, field_id: deps.context.newId('fld'), is_primary: false };
      table.fields.push(field);
      bumpRevision(base, table);
      rememberClientToken(base, clientToken.clientToken);
      return ok({ field: buildFieldRead(field, 'write') });
    }),
  );

  router.put(
    `${FIELDS}/:field_id`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const { base, table } = resolved;
      const field = table.fields.find((candidate) => candidate.field_id === req.params.field_id);
      if (!field) return bitableError('FieldIdNotFound');
      const clientToken = checkClientToken(base, req);
      if (clientToken.kind === 'error') return clientToken;
      const parsed = parseFieldDefinition(req.body, base, deps.context);
      if (parsed.kind === 'error') return parsed;
      if (field.is_primary && !isPrimaryFieldType(parsed.value.type)) {
        return bitableError(
          'NotSupportFieldOrView',
          `the primary field can not be of type ${parsed.value.type}`,
        );
      }
      const clash = table.fields.some(
        (other) => other !== field && other.field_name === parsed.value.field_name,
      );
      if (clash) return bitableError('FieldNameDuplicated');
      // A full overwrite. Values do not survive a type change (the emulator does not convert them).
      if (parsed.value.type !== field.type) {
        for (const record of table.records.values()) record.cells.delete(field.field_id);
      }
      Object.assign(field, parsed.value);
      bumpRevision(base, table);
      rememberClientToken(base, clientToken.clientToken);
      return ok({ field: buildFieldRead(field, 'write') });
    }),
  );

  router.delete(
    `${FIELDS}/:field_id`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'write');
      if (resolved.kind === 'error') return resolved;
      const { base, table } = resolved;
      const field = table.fields.find((candidate) => candidate.field_id === req.params.field_id);
      if (!field) return bitableError('FieldIdNotFound');
      if (field.is_primary) return bitableError('PrimaryFieldNotDeletable');
      table.fields = table.fields.filter((other) => other !== field);
      for (const record of table.records.values()) record.cells.delete(field.field_id);
      bumpRevision(base, table);
      return ok({ field_id: field.field_id, deleted: true });
    }),
  );
}

function ok<T>(data: T): BitableResult<T> {
  return { kind: 'ok', data };
}
