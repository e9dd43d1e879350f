import type { BaseGateway } from '../ports/base-gateway.js';
import type { BaseCallContext } from './base-call-context.js';
import { expectLarkOk } from './expect-lark-ok.js';
import { incompleteAnswer } from './incomplete-answer.js';
import { toFieldBody } from './to-field-body.js';

/** The schema writes: tables and fields created, updated and deleted (the guard keeps them on temp tables). */
export function createSchemaWrites(
  context: BaseCallContext,
): Pick<BaseGateway, 'createTable' | 'deleteTable' | 'createField' | 'updateField' | 'deleteField'> {
  const { bitable, apps } = context;
  return {
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
