import type { BaseGateway } from '../ports/base-gateway.js';
import type { BaseCallContext } from './base-call-context.js';
import { chunk } from './chunk.js';
import { expectLarkOk } from './expect-lark-ok.js';
import { incompleteAnswer } from './incomplete-answer.js';
import { recordIdOf } from './record-id-of.js';
import { runChunks } from './run-chunks.js';
import { toWriteFields } from './to-write-fields.js';

/** The record writes, one by one and in batches at Lark's batch limits (chunks sent one after another). */
export function createRecordWrites(
  context: BaseCallContext,
): Pick<
  BaseGateway,
  | 'createRecord'
  | 'updateRecord'
  | 'deleteRecord'
  | 'batchCreateRecords'
  | 'batchUpdateRecords'
  | 'batchDeleteRecords'
> {
  const { bitable, limits, recordsPath } = context;
  return {
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
  };
}
