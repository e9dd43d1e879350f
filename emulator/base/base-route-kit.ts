import type { Request, RequestHandler } from 'express';
import type { BatchLimits } from '../emulator-options.js';
import type { BaseContext, BaseState, TableState } from './base-state.js';
import {
  BITABLE_ERRORS,
  type BitableError,
  type BitableResult,
  bitableError,
  type ErrorStatusStyle,
  sendBitableResult,
} from './bitable-error.js';
import type { UserIdType } from './convert-cell-write.js';

/** What every Base route closes over. */
export type BaseApiDeps = { bases: Map<string, BaseState>; context: BaseContext; batchLimits: BatchLimits };

export type Access = 'read' | 'write';

/** A route body: a pure-ish decision over the state, sent as Lark's envelope with the endpoint's status style. */
export function route(
  handler: (req: Request) => BitableResult<unknown>,
  style: ErrorStatusStyle = 'http200',
): RequestHandler {
  return (req, res) => sendBitableResult(res, handler(req), style);
}

/**
 * Resolves `:app_token` and checks the app's permission on it (seed `app_permission`): `read` refuses
 * writes, `none` refuses everything, with HTTP 403/1254302 (docs/reference/lark-api.md §2.6).
 */
export function resolveBase(
  deps: BaseApiDeps,
  req: Request,
  access: Access,
): { kind: 'ok'; base: BaseState } | { kind: 'error'; error: BitableError } {
  const base = deps.bases.get(String(req.params.app_token));
  if (!base) return bitableError('BaseTokenNotFound');
  if (base.permission === 'none' || (access === 'write' && base.permission === 'read')) {
    return bitableError('PermissionDenied');
  }
  return { kind: 'ok', base };
}

export function resolveTable(
  deps: BaseApiDeps,
  req: Request,
  access: Access,
): { kind: 'ok'; base: BaseState; table: TableState } | { kind: 'error'; error: BitableError } {
  const resolved = resolveBase(deps, req, access);
  if (resolved.kind === 'error') return resolved;
  const table = resolved.base.tables.find((candidate) => candidate.table_id === req.params.table_id);
  if (!table) return bitableError('TableIdNotFound');
  return { kind: 'ok', base: resolved.base, table };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `client_token` (docs/reference/lark-api.md §2.1 write params): not a UUID → 400/1254037; already used on this Base →
 * 403/1254608. The token is remembered only when the write succeeds (see `rememberClientToken`).
 */
export function checkClientToken(
  base: BaseState,
  req: Request,
): { kind: 'ok'; clientToken: string | undefined } | { kind: 'error'; error: BitableError } {
  const raw = req.query.client_token;
  if (raw === undefined || raw === '') return { kind: 'ok', clientToken: undefined };
  if (typeof raw !== 'string' || !UUID.test(raw)) return bitableError('InvalidClientToken');
  if (base.client_tokens.has(raw)) return bitableError('ClientTokenReused');
  return { kind: 'ok', clientToken: raw };
}

export function rememberClientToken(base: BaseState, clientToken: string | undefined): void {
  if (clientToken !== undefined) base.client_tokens.add(clientToken);
}

export function userIdTypeOf(
  req: Request,
): { kind: 'ok'; userIdType: UserIdType } | { kind: 'error'; error: BitableError } {
  const raw = req.query.user_id_type ?? 'open_id';
  if (raw === 'open_id' || raw === 'union_id' || raw === 'user_id') return { kind: 'ok', userIdType: raw };
  return { kind: 'error', error: { ...BITABLE_ERRORS.FieldValidationFailed, msg: 'invalid user_id_type' } };
}

export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function bumpRevision(base: BaseState, table?: TableState): void {
  base.revision++;
  if (table) table.revision++;
}
