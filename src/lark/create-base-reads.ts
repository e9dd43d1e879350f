import type { Cells } from '../domain/cell-value.js';
import type { BaseGateway } from '../ports/base-gateway.js';
import type { BaseCallContext } from './base-call-context.js';
import { buildFieldMeta, type LarkField } from './build-field-meta.js';
import { buildFieldSpec } from './build-field-spec.js';
import { chunk } from './chunk.js';
import { expectLarkOk } from './expect-lark-ok.js';
import { nextPage } from './next-page.js';
import { readCells } from './read-cells.js';

/** Page size for tables and fields lists: Lark's maximum (docs/reference/lark-api.md §2.1). */
const LIST_PAGE_SIZE = 100;

/** The Base reads: app, tables, fields (as metadata and as specs), records by id and by search, paged to the end. */
export function createBaseReads(
  context: BaseCallContext,
): Pick<
  BaseGateway,
  'getApp' | 'listTables' | 'listFields' | 'getRecords' | 'searchRecords' | 'listFieldSpecs'
> {
  const { bitable, limits, apps, recordsPath } = context;
  /** Every field of a table as Lark lists it, paged to the end. */
  async function listFieldItems(appToken: string, tableId: string) {
    const call = {
      endpointId: 'bitable.field.list',
      method: 'GET',
      path: `${apps}/${appToken}/tables/${tableId}/fields`,
      write: false,
    };
    const items = [];
    let pageToken: string | undefined;
    do {
      const response = expectLarkOk(
        await bitable.appTableField.list({
          path: { app_token: appToken, table_id: tableId },
          params: { page_size: LIST_PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) },
        }),
        call,
      );
      items.push(...(response.data?.items ?? []));
      pageToken = nextPage(response.data, call);
    } while (pageToken);
    return items;
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
      return (await listFieldItems(appToken, tableId)).map((item) => buildFieldMeta(item as LarkField));
    },

    async getRecords(appToken, tableId, recordIds, fields) {
      const call = {
        endpointId: 'bitable.record.batch_get',
        method: 'POST',
        path: `${recordsPath(appToken, tableId)}/batch_get`,
        write: false,
      };
      const unique = [...new Set(recordIds)];
      const read: Array<{ recordId: string; fields: unknown }> = [];
      for (const ids of chunk(unique, limits.batch.record_batch_get.max)) {
        const response = expectLarkOk(
          await bitable.appTableRecord.batchGet({
            path: { app_token: appToken, table_id: tableId },
            data: { record_ids: ids, user_id_type: 'open_id', automatic_fields: false },
          }),
          call,
        );
        for (const record of response.data?.records ?? []) {
          if (record.record_id) read.push({ recordId: record.record_id, fields: record.fields });
        }
      }
      // Decoded by field type once the field list (perhaps read in parallel) is here.
      const known = await fields;
      const records = new Map(read.map((record) => [record.recordId, readCells(known, record.fields)]));
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
      let shifted = false;
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
        const pageStart = records.length;
        for (const item of response.data?.items ?? []) {
          if (item.record_id)
            records.push({ recordId: item.record_id, cells: readCells(wanted, item.fields) });
        }
        options.onPage?.(records.slice(pageStart));
        const reported = typeof response.data?.total === 'number' ? response.data.total : records.length;
        if (pageToken !== undefined && typeof response.data?.total === 'number' && reported !== total)
          shifted = true;
        total = reported;
        hasMore = response.data?.has_more === true;
        pageToken = nextPage(response.data, call);
      } while (pageToken && records.length < options.max);
      const truncated = records.length > options.max || (hasMore && records.length >= options.max);
      const kept = records.slice(0, Math.max(0, options.max));
      return { records: kept, total, truncated, ...(shifted ? { shifted } : {}) };
    },

    async listFieldSpecs(appToken, tableId) {
      return (await listFieldItems(appToken, tableId)).map((item) => buildFieldSpec(item));
    },
  };
}
