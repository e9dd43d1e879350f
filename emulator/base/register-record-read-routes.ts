import { createHash } from 'node:crypto';
import type { Request, Router } from 'express';
import {
  type BaseApiDeps,
  isObject,
  isTrue,
  queryString,
  resolveTable,
  route,
  userIdTypeOf,
} from './base-route-kit.js';
import type { RecordState, TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError, type BitableResult, bitableError } from './bitable-error.js';
import { buildRecordRead } from './build-record-read.js';
import { paginate, parsePageSize } from './paginate.js';
import { parseFormulaFilter } from './parse-formula-filter.js';
import { parseSearchFilter } from './parse-search-filter.js';
import { parseListSort, parseSearchSort, sortRecords } from './sort-records.js';

const RECORDS = '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records';
const MAX_RECORD_PAGE = 500;
const MAX_FIELD_NAMES = 200;
/**
 * The documented 2,000 / 1,000 character limits (1254107, 1254108) are applied to the legacy list's filter formula
 * and sort strings. Search's JSON filter is bounded by its 50 conditions of 10 values instead: a 2,000-character
 * cap on the JSON would make 50 conditions unreachable.
 */
const MAX_FILTER_CHARS = 2000;
const MAX_SORT_CHARS = 1000;
/** The Base's time zone is Asia/Shanghai, UTC+8 all year. */
const UTC_OFFSET_MS = 8 * 3_600_000;

/**
 * Records search, list (legacy), get and batch_get (docs/reference/lark-api.md §2.1, §2.2).
 * https://open.feishu.cn/document/docs/bitable-v1/app-table-record/search
 */
export function registerRecordReadRoutes(router: Router, deps: BaseApiDeps): void {
  router.post(
    `${RECORDS}/search`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { table } = resolved;
      const idType = userIdTypeOf(req);
      if (idType.kind === 'error') return idType;
      const body = isObject(req.body) ? req.body : {};
      const size = parsePageSize(req.query.page_size, MAX_RECORD_PAGE);
      if (size.kind === 'error') return size;
      const fieldNames = parseFieldNames(body.field_names, table);
      if (fieldNames.kind === 'error') return fieldNames;
      const filter = parseSearchFilter(body.filter, table, {
        now: deps.context.clock(),
        utcOffsetMs: UTC_OFFSET_MS,
      });
      if (filter.kind === 'error') return filter;
      const sort = parseSearchSort(body.sort, table);
      if (sort.kind === 'error') return sort;
      // A non-empty filter or sort makes search ignore view_id (§2.2).
      const hasFilterOrSort = body.filter !== undefined || (Array.isArray(body.sort) && body.sort.length > 0);
      const viewId = typeof body.view_id === 'string' ? body.view_id : '';
      if (!hasFilterOrSort && viewId !== '' && viewId !== table.default_view_id)
        return bitableError('ViewIdNotFound');

      const matching = sortRecords([...table.records.values()].filter(filter.value), sort.value);
      const scope = `search:${table.table_id}:${digest([body.filter, body.sort, body.field_names])}`;
      return readPage(req, matching, size.value, scope, (record) =>
        buildRecordRead(table, record, deps.context, {
          textAsArray: true,
          userIdType: idType.userIdType,
          fieldNames: fieldNames.value,
          automaticFields: isTrue(body.automatic_fields),
          withId: false,
        }),
      );
    }),
  );

  router.get(
    RECORDS,
    route((req) => {
      const resolved = resolveTable(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { table } = resolved;
      const idType = userIdTypeOf(req);
      if (idType.kind === 'error') return idType;
      const size = parsePageSize(req.query.page_size, MAX_RECORD_PAGE);
      if (size.kind === 'error') return size;
      const viewId = queryString(req, 'view_id');
      if (viewId && viewId !== table.default_view_id) return bitableError('ViewIdNotFound');
      const rawFieldNames = queryString(req, 'field_names');
      let names: unknown;
      try {
        names = rawFieldNames ? JSON.parse(rawFieldNames) : undefined;
      } catch {
        return bitableError('InvalidFieldNames');
      }
      const fieldNames = parseFieldNames(names, table);
      if (fieldNames.kind === 'error') return fieldNames;
      const formula = queryString(req, 'filter');
      if (formula !== undefined && formula.length > MAX_FILTER_CHARS) return bitableError('FilterTooLong');
      const filter = parseFormulaFilter(formula, table);
      if (filter.kind === 'error') return filter;
      const rawSort = queryString(req, 'sort');
      if (rawSort !== undefined && rawSort.length > MAX_SORT_CHARS) return bitableError('SortTooLong');
      const sort = parseListSort(rawSort, table);
      if (sort.kind === 'error') return sort;

      const matching = sortRecords([...table.records.values()].filter(filter.value), sort.value);
      const scope = `list:${table.table_id}:${digest([formula, rawSort, rawFieldNames])}`;
      return readPage(req, matching, size.value, scope, (record) =>
        buildRecordRead(table, record, deps.context, {
          textAsArray: isTrue(req.query.text_field_as_array),
          userIdType: idType.userIdType,
          fieldNames: fieldNames.value,
          automaticFields: isTrue(req.query.automatic_fields),
          withId: true,
        }),
      );
    }),
  );

  router.get(
    `${RECORDS}/:record_id`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { base, table } = resolved;
      const idType = userIdTypeOf(req);
      if (idType.kind === 'error') return idType;
      const record = table.records.get(String(req.params.record_id));
      if (!record) return bitableError('RecordIdNotFound');
      const read = buildRecordRead(table, record, deps.context, {
        textAsArray: true,
        userIdType: idType.userIdType,
        automaticFields: isTrue(req.query.automatic_fields),
        withId: true,
      });
      return ok({ record: { ...read, record_url: recordUrl(base.app_token, table, record) } });
    }),
  );

  router.post(
    `${RECORDS}/batch_get`,
    route((req) => {
      const resolved = resolveTable(deps, req, 'read');
      if (resolved.kind === 'error') return resolved;
      const { base, table } = resolved;
      const body = isObject(req.body) ? req.body : {};
      const ids = body.record_ids;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
        return bitableError('WrongRequestBody', 'record_ids is an array of 1-100 record ids');
      }
      if (ids.length > deps.batchLimits.get) return bitableError('BatchTooLarge');
      const idType = body.user_id_type ?? 'open_id';
      if (idType !== 'open_id' && idType !== 'union_id' && idType !== 'user_id') {
        return {
          kind: 'error',
          error: { ...BITABLE_ERRORS.FieldValidationFailed, msg: 'invalid user_id_type' },
        };
      }
      const records: Record<string, unknown>[] = [];
      const absent: string[] = [];
      for (const id of ids as string[]) {
        const record = table.records.get(id);
        if (!record) {
          absent.push(id);
          continue;
        }
        const read = buildRecordRead(table, record, deps.context, {
          textAsArray: true,
          userIdType: idType,
          automaticFields: isTrue(body.automatic_fields),
          withId: false,
        });
        records.push(
          isTrue(body.with_shared_url)
            ? { ...read, shared_url: recordUrl(base.app_token, table, record) }
            : read,
        );
      }
      return ok({ records, absent_record_ids: absent, forbidden_record_ids: [] });
    }, 'http4xx'),
  );
}

function readPage(
  req: Request,
  records: RecordState[],
  pageSize: number,
  scope: string,
  build: (record: RecordState) => Record<string, unknown>,
): BitableResult<unknown> {
  const page = paginate(records, pageSize, queryString(req, 'page_token'), scope);
  if (page.kind === 'error') return page;
  return ok({ ...page.value, items: page.value.items.map(build) });
}

/** `field_names`: at most 200 names, each an existing field (else 1254024 InvalidFieldNames). */
function parseFieldNames(
  names: unknown,
  table: TableState,
): { kind: 'ok'; value: string[] | undefined } | { kind: 'error'; error: BitableError } {
  if (names === undefined || names === null) return { kind: 'ok', value: undefined };
  if (
    !Array.isArray(names) ||
    names.length > MAX_FIELD_NAMES ||
    !names.every(
      (name) => typeof name === 'string' && table.fields.some((field) => field.field_name === name),
    )
  ) {
    return bitableError('InvalidFieldNames');
  }
  return { kind: 'ok', value: names as string[] };
}

function recordUrl(appToken: string, table: TableState, record: RecordState): string {
  return `https://emulator.invalid/base/${appToken}?table=${table.table_id}&view=${table.default_view_id}&record=${record.record_id}`;
}

function digest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

function ok<T>(data: T): BitableResult<T> {
  return { kind: 'ok', data };
}
