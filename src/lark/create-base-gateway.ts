import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkApiLimits } from '../config/lark-api-limits.js';
import type { BaseGateway } from '../ports/base-gateway.js';
import type { BaseCallContext } from './base-call-context.js';
import { createBaseReads } from './create-base-reads.js';
import { createRecordWrites } from './create-record-writes.js';
import { createSchemaWrites } from './create-schema-writes.js';

/**
 * Typed Base (Bitable) operations over the SDK's generated methods. Every answer's `code` is checked
 * (HTTP 200 with code ≠ 0 is a failure in Lark), lists are paged to the end, and cells cross in canonical
 * form: toWriteCell on the way out, normalizeReadCell on the way in. The SDK's *WithIterator methods are
 * not used: they swallow errors (lark-api.md §1.3).
 *
 * Three parts over one context: reads (create-base-reads.ts), record writes (create-record-writes.ts) and
 * schema writes (create-schema-writes.ts).
 */
export function createBaseGateway(deps: { client: lark.Client; limits: LarkApiLimits }): BaseGateway {
  const apps = '/open-apis/bitable/v1/apps';
  const context: BaseCallContext = {
    bitable: deps.client.bitable,
    limits: deps.limits,
    apps,
    recordsPath: (appToken, tableId) => `${apps}/${appToken}/tables/${tableId}/records`,
  };
  return { ...createBaseReads(context), ...createRecordWrites(context), ...createSchemaWrites(context) };
}
