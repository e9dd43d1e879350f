import type { Request, Router } from 'express';
import {
  type BaseApiDeps,
  bumpRevision,
  checkClientToken,
  isObject,
  rememberClientToken,
  resolveTable,
  route,
  userIdTypeOf,
} from './base-route-kit.js';
import type { BaseState, TableState } from './base-state.js';
import { type BitableError, type BitableResult, bitableError } from './bitable-error.js';
import { createRecords, deleteRecords, updateRecords, type WriteEnv } from './record-writes.js';

const RECORDS = '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records';

/**
 * Record create / update (incremental, `null` clears) / delete and their batches (all-or-nothing, ceilings
 * from `batchLimits` → 1254104), with `client_token` idempotency (docs/reference/lark-api.md §2.1).
 * https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table-record/batch_create
 */
export function registerRecordWriteRoutes(router: Router, deps: BaseApiDeps): void {
  router.post(
    RECORDS,
    write(deps, (req, env) => {
      const fields = isObject(req.body) ? req.body.fields : undefined;
      const created = createRecords([fields], env);
      if (created.kind === 'error') return created;
      const [record] = created.value;
      return ok({ record: echo(record?.record_id ?? '', fields) });
    }),
  );

  router.post(
    `${RECORDS}/batch_create`,
    write(deps, (req, env) => {
      const records = isObject(req.body) ? req.body.records : undefined;
      if (!Array.isArray(records) || records.length === 0)
        return bitableError('WrongRequestBody', 'records is required');
      if (records.length > deps.batchLimits.create) return bitableError('BatchTooLarge');
      const inputs = records.map((item: unknown) => (isObject(item) ? item.fields : undefined));
      const created = createRecords(inputs, env);
      if (created.kind === 'error') return created;
      return ok({ records: created.value.map((record, index) => echo(record.record_id, inputs[index])) });
    }),
  );

  router.put(
    `${RECORDS}/:record_id`,
    write(deps, (req, env) => {
      const fields = isObject(req.body) ? req.body.fields : undefined;
      const updated = updateRecords([{ record_id: req.params.record_id, fields }], env);
      if (updated.kind === 'error') return updated;
      return ok({ record: echo(String(req.params.record_id), fields) });
    }),
  );

  router.post(
    `${RECORDS}/batch_update`,
    write(deps, (req, env) => {
      const records = isObject(req.body) ? req.body.records : undefined;
      if (!Array.isArray(records) || records.length === 0)
        return bitableError('WrongRequestBody', 'records is required');
      if (records.length > deps.batchLimits.update) return bitableError('BatchTooLarge');
      const inputs = records.map((item: unknown) =>
        isObject(item)
          ? { record_id: item.record_id, fields: item.fields }
          : { record_id: undefined, fields: undefined },
      );
      const updated = updateRecords(inputs, env);
      if (updated.kind === 'error') return updated;
      return ok({ records: inputs.map((input) => echo(String(input.record_id), input.fields)) });
    }),
  );

  router.delete(
    `${RECORDS}/:record_id`,
    write(deps, (req, env) => {
      const deleted = deleteRecords([req.params.record_id], env);
      if (deleted.kind === 'error') return deleted;
      return ok({ deleted: true, record_id: req.params.record_id });
    }),
  );

  router.post(
    `${RECORDS}/batch_delete`,
    write(deps, (req, env) => {
      const records = isObject(req.body) ? req.body.records : undefined;
      if (!Array.isArray(records) || records.length === 0)
        return bitableError('WrongRequestBody', 'records is required');
      if (records.length > deps.batchLimits.delete) return bitableError('BatchTooLarge');
      const deleted = deleteRecords(records, env);
      if (deleted.kind === 'error') return deleted;
      return ok({ records: records.map((record_id) => ({ deleted: true, record_id })) });
    }),
  );
}

/**
 * The common part of every record write: the Base and table (with write permission), `user_id_type`,
 * `client_token`; on success the revisions move on and the client_token is remembered.
 */
function write(deps: BaseApiDeps, body: (req: Request, env: WriteEnv) => BitableResult<unknown>) {
  return route((req) => {
    const resolved = resolveTable(deps, req, 'write');
    if (resolved.kind === 'error') return resolved;
    const { base, table } = resolved;
    const clientToken = checkClientToken(base, req);
    if (clientToken.kind === 'error') return clientToken;
    const idType = userIdTypeOf(req);
    if (idType.kind === 'error') return idType;
    const result = body(req, { base, table, context: deps.context, userIdType: idType.userIdType });
    if (result.kind === 'ok') committed(base, table, clientToken.clientToken);
    return result;
  });
}

function committed(base: BaseState, table: TableState, clientToken: string | undefined): void {
  bumpRevision(base, table);
  rememberClientToken(base, clientToken);
}

/** Create and update echo the fields as written, with both `record_id` and `id` (§2.1 response extras). */
function echo(recordId: string, fields: unknown): { record_id: string; id: string; fields: unknown } {
  return { record_id: recordId, id: recordId, fields: fields ?? {} };
}

function ok<T>(data: T): { kind: 'ok'; data: T } | { kind: 'error'; error: BitableError } {
  return { kind: 'ok', data };
}
