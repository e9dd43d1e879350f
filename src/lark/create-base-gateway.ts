import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkApiLimits } from '../config/lark-api-limits.js';
import type { Cells, FieldMeta } from '../domain/cell-value.js';
import type { FieldSpec } from '../domain/governed-request.js';
import { normalizeReadCell } from '../domain/normalize-read-cell.js';
import { toWriteCell } from '../domain/to-write-cell.js';
import type { BaseGateway } from '../ports/base-gateway.js';
import { buildFieldMeta, type LarkField } from './build-field-meta.js';
import { chunk } from './chunk.js';
import { EgressDeniedError } from './egress-denied-error.js';
import { expectLarkOk, type LarkCall } from './expect-lark-ok.js';
import { LarkApiError } from './lark-api-error.js';
import { type BatchOperation, LarkBatchError } from './lark-batch-error.js';

/** Page size for tables and fields lists: Lark's maximum (lark-api.md §2.1). */
const LIST_PAGE_SIZE = 100;

/**
 * Typed Base (Bitable) operations over the SDK's generated methods. Every answer's `code` is checked
 * (HTTP 200 with code ≠ 0 is a failure in Lark), lists are paged to the end, and cells cross in canonical
 * form: toWriteCell on the way out, normalizeReadCell on the way in. The SDK's *WithIterator methods are
 * not used: they swallow errors (lark-api.md §1.3).
 */
export function createBaseGateway(deps: { client: lark.Client; limits: LarkApiLimits }): BaseGateway {
  const { client, limits } = deps;
  const bitable = client.bitable;
  const apps = '/open-apis/bitable/v1/apps';
  const recordsPath = (appToken: string, tableId: string) => `${apps}/${appToken}/tables/${tableId}/records`;

  function readCells(fields: readonly FieldMeta[], raw: unknown): Cells {
    const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const cells: Cells = {};
    for (const field of fields) {
      cells[field.name] = normalizeReadCell(
        field,
        Object.hasOwn(source, field.name) ? source[field.name] : undefined,
      );
    }
    return cells;
  }

  return {
    async getApp(appToken) {
      const response = expectLarkOk(await bitable.app.get({ path: { app_token: appToken } }), {
        endpointId: 'bitable.app.get',
        method: 'GET',
        path: `${apps}/${appToken}`,
        write: false,
      });
      const app = response.data?.app;
      return {
        appToken: app?.app_token ?? appToken,
        name: app?.name ?? '',
        revision: typeof app?.revision === 'number' ? app.revision : null,
      };
    },

    async listTables(appToken) {
      const call = {
        endpointId: 'bitable.table.list',
        method: 'GET',
        path: `${apps}/${appToken}/tables`,
        write: false,
      };
      const tables: Array<{ tableId: string; name: string }> = [];
      let pageToken: string | undefined;
      do {
        const response = expectLarkOk(
          await bitable.appTable.list({
            path: { app_token: appToken },
            params: { page_size: LIST_PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) },
          }),
          call,
        );
        for (const item of response.data?.items ?? []) {
          if (item.table_id) tables.push({ tableId: item.table_id, name: item.name ?? '' });
        }
        pageToken = nextPage(response.data, call);
      } while (pageToken);
      return tables;
    },

    async listFields(appToken, tableId) {
      const call = {
        endpointId: 'bitable.field.list',
        method: 'GET',
        path: `${apps}/${appToken}/tables/${tableId}/fields`,
        write: false,
      };
      const fields: FieldMeta[] = [];
      let pageToken: string | undefined;
      do {
        const response = expectLarkOk(
          await bitable.appTableField.list({
            path: { app_token: appToken, table_id: tableId },
            params: { page_size: LIST_PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) },
          }),
          call,
        );
        for (const item of response.data?.items ?? []) fields.push(buildFieldMeta(item as LarkField));
        pageToken = nextPage(response.data, call);
      } while (pageToken);
      return fields;
    },

    async getRecords(appToken, tableId, recordIds, fields) {
      const call = {
        endpointId: 'bitable.record.batch_get',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/batch_get`,
        write: false,
      };
      const records = new Map<string, Cells>();
      const unique = [...new Set(recordIds)];
      for (const ids of chunk(unique, limits.batch.record_batch_get.max)) {
        const response = expectLarkOk(
          await bitable.appTableRecord.batchGet({
            path: { app_token: appToken, table_id: tableId },
            data: { record_ids: ids, user_id_type: 'open_id', automatic_fields: false },
          }),
          call,
        );
        for (const record of response.data?.records ?? []) {
          if (record.record_id) records.set(record.record_id, readCells(fields, record.fields));
        }
      }
      // Absent, forbidden (advanced permissions) or simply not returned: all mean "not readable here".
      return { records, absent: unique.filter((id) => !records.has(id)) };
    },

    async searchRecords(appToken, tableId, fields, options) {
      const call = {
        endpointId: 'bitable.record.search',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/search`,
        write: false,
      };
      const wanted = options.fieldNames
        ? fields.filter((field) => options.fieldNames?.includes(field.name))
        : fields;
      const pageSize = Math.max(1, Math.min(limits.batch.search_page_size.max, options.max));
      const records: Array<{ recordId: string; cells: Cells }> = [];
      let total = 0;
      let hasMore = false;
      let pageToken: string | undefined;
      do {
        const response = expectLarkOk(
          await bitable.appTableRecord.search({
            path: { app_token: appToken, table_id: tableId },
            params: {
              page_size: pageSize,
              user_id_type: 'open_id',
              ...(pageToken ? { page_token: pageToken } : {}),
            },
            data: {
              automatic_fields: false,
              ...(options.filter ? { filter: options.filter as never } : {}),
              ...(options.fieldNames?.length ? { field_names: [...options.fieldNames] } : {}),
            },
          }),
          call,
        );
        for (const item of response.data?.items ?? []) {
          if (item.record_id)
            records.push({ recordId: item.record_id, cells: readCells(wanted, item.fields) });
        }
        total = typeof response.data?.total === 'number' ? response.data.total : records.length;
        hasMore = response.data?.has_more === true;
        pageToken = nextPage(response.data, call);
      } while (pageToken && records.length < options.max);
      const truncated = records.length > options.max || (hasMore && records.length >= options.max);
      return { records: records.slice(0, Math.max(0, options.max)), total, truncated };
    },

    async createRecord(appToken, tableId, fields, cells, options) {
      const path = recordsPath(appToken, tableId);
      const response = expectLarkOk(
        await bitable.appTableRecord.create({
          path: { app_token: appToken, table_id: tableId },
          params: { user_id_type: 'open_id', client_token: options.clientToken },
          data: { fields: toWriteFields(fields, cells) as never },
        }),
        { endpointId: 'bitable.record.create', method: 'POST', path, write: true },
      );
      return { recordId: recordIdOf(response.data?.record?.record_id, 'bitable.record.create') };
    },

    async updateRecord(appToken, tableId, recordId, fields, cells) {
      const path = `${recordsPath(appToken, tableId)}/${recordId}`;
      const response = expectLarkOk(
        await bitable.appTableRecord.update({
          path: { app_token: appToken, table_id: tableId, record_id: recordId },
          params: { user_id_type: 'open_id' },
          data: { fields: toWriteFields(fields, cells) as never },
        }),
        { endpointId: 'bitable.record.update', method: 'PUT', path, write: true },
      );
      return { recordId: response.data?.record?.record_id ?? recordId };
    },

    async deleteRecord(appToken, tableId, recordId) {
      const path = `${recordsPath(appToken, tableId)}/${recordId}`;
      const response = expectLarkOk(
        await bitable.appTableRecord.delete({
          path: { app_token: appToken, table_id: tableId, record_id: recordId },
        }),
        { endpointId: 'bitable.record.delete', method: 'DELETE', path, write: true },
      );
      return { recordId: response.data?.record_id ?? recordId };
    },

    async batchCreateRecords(appToken, tableId, fields, rows, options = {}) {
      const call = {
        endpointId: 'bitable.record.batch_create',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/batch_create`,
        write: true,
      };
      // Convert everything first: a bad value stops the batch before anything is written.
      const records = rows.map((cells) => ({ fields: toWriteFields(fields, cells) }));
      return runChunks(
        'batch_create',
        chunk(records, limits.batch.record_batch_create.max),
        async (part, index) => {
          const clientToken = options.clientToken?.(index);
          const response = expectLarkOk(
            await bitable.appTableRecord.batchCreate({
              path: { app_token: appToken, table_id: tableId },
              params: { user_id_type: 'open_id', ...(clientToken ? { client_token: clientToken } : {}) },
              data: { records: part as never },
            }),
            call,
          );
          const created = (response.data?.records ?? []).map((record) => record.record_id);
          if (created.length !== part.length || created.some((id) => !id)) {
            throw incompleteAnswer(call, 'the answer does not list one record id per record sent');
          }
          return created as string[];
        },
      );
    },

    async batchUpdateRecords(appToken, tableId, fields, updates) {
      const call = {
        endpointId: 'bitable.record.batch_update',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/batch_update`,
        write: true,
      };
      const records = updates.map((update) => ({
        record_id: update.recordId,
        fields: toWriteFields(fields, update.cells),
      }));
      return runChunks('batch_update', chunk(records, limits.batch.record_batch_update.max), async (part) => {
        expectLarkOk(
          await bitable.appTableRecord.batchUpdate({
            path: { app_token: appToken, table_id: tableId },
            params: { user_id_type: 'open_id' },
            data: { records: part as never },
          }),
          call,
        );
        return part.map((record) => record.record_id);
      });
    },

    async batchDeleteRecords(appToken, tableId, recordIds) {
      const call = {
        endpointId: 'bitable.record.batch_delete',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/batch_delete`,
        write: true,
      };
      return runChunks(
        'batch_delete',
        chunk([...recordIds], limits.batch.record_batch_delete.max),
        async (part) => {
          expectLarkOk(
            await bitable.appTableRecord.batchDelete({
              path: { app_token: appToken, table_id: tableId },
              data: { records: part },
            }),
            call,
          );
          return part;
        },
      );
    },

    async listFieldSpecs(appToken, tableId) {
      const call = {
        endpointId: 'bitable.field.list',
        method: 'GET',
        path: `${apps}/${appToken}/tables/${tableId}/fields`,
        write: false,
      };
      const specs: FieldSpec[] = [];
      let pageToken: string | undefined;
      do {
        const response = expectLarkOk(
          await bitable.appTableField.list({
            path: { app_token: appToken, table_id: tableId },
            params: { page_size: LIST_PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) },
          }),
          call,
        );
        for (const item of response.data?.items ?? []) specs.push(buildFieldSpec(item));
        pageToken = nextPage(response.data, call);
      } while (pageToken);
      return specs;
    },

    // https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table/create
    async createTable(appToken, table) {
      const call = {
        endpointId: 'bitable.table.create',
        method: 'POST',
        path: `${apps}/${appToken}/tables`,
        write: true,
      };
      const response = expectLarkOk(
        await bitable.appTable.create({
          path: { app_token: appToken },
          data: { table: { name: table.name, fields: table.fields.map(toFieldBody) as never } },
        }),
        call,
      );
      const tableId = response.data?.table_id;
      if (typeof tableId !== 'string' || tableId === '')
        throw incompleteAnswer(call, 'the answer has no table_id');
      return { tableId };
    },

    async deleteTable(appToken, tableId) {
      expectLarkOk(await bitable.appTable.delete({ path: { app_token: appToken, table_id: tableId } }), {
        endpointId: 'bitable.table.delete',
        method: 'DELETE',
        path: `${apps}/${appToken}/tables/${tableId}`,
        write: true,
      });
    },

    // https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table-field/create
    async createField(appToken, tableId, field) {
      const call = {
        endpointId: 'bitable.field.create',
        method: 'POST',
        path: `${apps}/${appToken}/tables/${tableId}/fields`,
        write: true,
      };
      const response = expectLarkOk(
        await bitable.appTableField.create({
          path: { app_token: appToken, table_id: tableId },
          data: toFieldBody(field) as never,
        }),
        call,
      );
      const fieldId = response.data?.field?.field_id;
      if (typeof fieldId !== 'string' || fieldId === '')
        throw incompleteAnswer(call, 'the answer has no field_id');
      return { fieldId };
    },

    async updateField(appToken, tableId, fieldId, field) {
      const response = expectLarkOk(
        await bitable.appTableField.update({
          path: { app_token: appToken, table_id: tableId, field_id: fieldId },
          data: toFieldBody(field) as never,
        }),
        {
          endpointId: 'bitable.field.update',
          method: 'PUT',
          path: `${apps}/${appToken}/tables/${tableId}/fields/${fieldId}`,
          write: true,
        },
      );
      return { fieldId: response.data?.field?.field_id ?? fieldId };
    },

    async deleteField(appToken, tableId, fieldId) {
      expectLarkOk(
        await bitable.appTableField.delete({
          path: { app_token: appToken, table_id: tableId, field_id: fieldId },
        }),
        {
          endpointId: 'bitable.field.delete',
          method: 'DELETE',
          path: `${apps}/${appToken}/tables/${tableId}/fields/${fieldId}`,
          write: true,
        },
      );
    },
  };
}

/** A field as the fields list returns it, with its whole property (lark-api.md §2.1). */
function buildFieldSpec(item: {
  field_id?: string;
  field_name?: string;
  type?: number;
  is_primary?: boolean;
  property?: unknown;
}): FieldSpec {
  return {
    fieldId: item.field_id ?? null,
    name: item.field_name ?? '',
    type: typeof item.type === 'number' ? item.type : 0,
    property:
      typeof item.property === 'object' && item.property !== null && !Array.isArray(item.property)
        ? (item.property as Record<string, unknown>)
        : null,
    isPrimary: item.is_primary === true,
  };
}

/** The body field create / update and table create take: `{field_name, type, property?}`. */
function toFieldBody(field: FieldSpec): Record<string, unknown> {
  return {
    field_name: field.name,
    type: field.type,
    ...(field.property ? { property: field.property } : {}),
  };
}

/** Canonical cells → Lark's write shape, keyed by field name; every name must be a known field. */
function toWriteFields(fields: readonly FieldMeta[], cells: Cells): Record<string, unknown> {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(cells)) {
    const field = byName.get(name);
    if (!field) throw new TypeError(`no field named ${JSON.stringify(name)} in this table`);
    out[name] = toWriteCell(field, value);
  }
  return out;
}

/**
 * Sends the chunks one after another (one write at a time per Base, lark-api.md §2.4). On a failure,
 * reports the chunks that completed.
 */
async function runChunks<T>(
  operation: BatchOperation,
  chunks: T[][],
  send: (part: T[], index: number) => Promise<string[]>,
): Promise<{ recordIds: string[] }> {
  const recordIds: string[] = [];
  for (const [index, part] of chunks.entries()) {
    let written: string[];
    try {
      written = await send(part, index);
    } catch (error) {
      if (error instanceof LarkApiError || error instanceof EgressDeniedError) {
        const sent = part.map((item) =>
          typeof item === 'string' ? item : ((item as { record_id?: string }).record_id ?? ''),
        );
        throw new LarkBatchError(operation, chunks.length, index, recordIds, sent.filter(Boolean), error);
      }
      throw error;
    }
    recordIds.push(...written);
  }
  return { recordIds };
}

function nextPage(
  data: { has_more?: boolean; page_token?: string } | undefined,
  call: LarkCall,
): string | undefined {
  if (data?.has_more !== true) return undefined;
  if (!data.page_token) throw incompleteAnswer(call, 'has_more without a page_token');
  return data.page_token;
}

function recordIdOf(value: unknown, endpointId: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`${endpointId}: the answer has no record_id`);
  return value;
}

/** A successful answer that cannot be right: treated as ambiguous for writes (it may have landed). */
function incompleteAnswer(call: LarkCall, msg: string): LarkApiError {
  return new LarkApiError({
    endpointId: call.endpointId,
    method: call.method,
    path: call.path,
    httpStatus: 200,
    code: 0,
    msg,
    kind: call.write ? 'ambiguous' : 'transient',
  });
}
