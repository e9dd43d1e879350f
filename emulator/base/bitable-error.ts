import type { Response } from 'express';
import { sendData, sendError } from '../platform/lark-response.js';

/** A Bitable refusal. `status` is set only where the reference documents a non-default HTTP status. */
export type BitableError = { code: number; msg: string; status?: number };

export type BitableResult<T> = { kind: 'ok'; data: T } | { kind: 'error'; error: BitableError };

/**
 * Which HTTP status a Bitable error travels with (docs/reference/lark-api.md §2.6): most endpoints answer HTTP 200 with the
 * code; batch_get (and the newer pages) use 400 / 404 (not found) / 500 (internal) for the same codes.
 */
export type ErrorStatusStyle = 'http200' | 'http4xx';

/** The codes this emulator uses, with the documented message and, where documented, the HTTP status. */
export const BITABLE_ERRORS = {
  WrongRequestJson: { code: 1254000, msg: 'WrongRequestJson' },
  WrongRequestBody: { code: 1254001, msg: 'WrongRequestBody' },
  Fail: { code: 1254002, msg: 'Fail' },
  /**
   * The primary ("index") field of a table takes only some types. Field update documents it as HTTP 200, table
   * create as HTTP 400 (the table route sets that status).
   */
  NotSupportFieldOrView: { code: 1254012, msg: 'NotSupportFieldOrView' },
  PageSizeNotPositive: { code: 1254011, msg: 'Page size must greater than 0.', status: 400 },
  TableNameDuplicated: { code: 1254013, msg: 'TableNameDuplicated' },
  FieldNameDuplicated: { code: 1254014, msg: 'FieldNameDuplicated' },
  InvalidSort: { code: 1254016, msg: 'InvalidSort' },
  InvalidFilter: { code: 1254018, msg: 'InvalidFilter' },
  InvalidFieldNames: { code: 1254024, msg: 'InvalidFieldNames' },
  LastTableNotDeletable: { code: 1254034, msg: 'the last table can not be deleted', status: 403 },
  InvalidClientToken: { code: 1254037, msg: 'invalid client_token', status: 400 },
  BaseTokenNotFound: { code: 1254040, msg: 'BaseTokenNotFound' },
  TableIdNotFound: { code: 1254041, msg: 'TableIdNotFound' },
  ViewIdNotFound: { code: 1254042, msg: 'ViewIdNotFound' },
  RecordIdNotFound: { code: 1254043, msg: 'RecordIdNotFound' },
  FieldIdNotFound: { code: 1254044, msg: 'FieldIdNotFound' },
  FieldNameNotFound: { code: 1254045, msg: 'FieldNameNotFound' },
  PrimaryFieldNotDeletable: { code: 1254046, msg: 'the primary field can not be deleted' },
  TextFieldConvFail: { code: 1254060, msg: 'TextFieldConvFail' },
  NumberFieldConvFail: { code: 1254061, msg: 'NumberFieldConvFail' },
  SingleSelectFieldConvFail: { code: 1254062, msg: 'SingleSelectFieldConvFail' },
  MultiSelectFieldConvFail: { code: 1254063, msg: 'MultiSelectFieldConvFail' },
  DatetimeFieldConvFail: { code: 1254064, msg: 'DatetimeFieldConvFail' },
  CheckboxFieldConvFail: { code: 1254065, msg: 'CheckboxFieldConvFail' },
  UserFieldConvFail: { code: 1254066, msg: 'UserFieldConvFail' },
  LinkFieldConvFail: { code: 1254067, msg: 'LinkFieldConvFail' },
  URLFieldConvFail: { code: 1254068, msg: 'URLFieldConvFail' },
  AttachFieldConvFail: { code: 1254069, msg: 'AttachFieldConvFail' },
  PhoneFieldConvFail: {
    code: 1254072,
    msg: 'Failed to convert phone field, please make sure it is correct.',
  },
  DuplexLinkFieldConvFail: { code: 1254074, msg: 'DuplexLinkFieldConvFail', status: 400 },
  TableExceedLimit: { code: 1254100, msg: 'TableExceedLimit' },
  RecordExceedLimit: { code: 1254103, msg: 'RecordExceedLimit' },
  BatchTooLarge: { code: 1254104, msg: 'RecordAddOnceExceedLimit' },
  FieldExceedLimit: { code: 1254105, msg: 'ColumnExceedLimit' },
  FilterTooLong: { code: 1254107, msg: 'FilterLengthExceedLimit' },
  SortTooLong: { code: 1254108, msg: 'SortLengthExceedLimit' },
  TooLargeCell: { code: 1254130, msg: 'TooLargeCell' },
  PermissionDenied: { code: 1254302, msg: 'Permission denied.', status: 403 },
  ClientTokenReused: { code: 1254608, msg: 'Same API requests are submitted repeatedly.', status: 403 },
  /** Platform-wide parameter validation, e.g. page_size above the documented maximum (UNCONFIRMED for Bitable). */
  FieldValidationFailed: { code: 99992402, msg: 'field validation failed', status: 400 },
} as const satisfies Record<string, BitableError>;

export type BitableErrorName = keyof typeof BITABLE_ERRORS;

export function bitableError(
  name: BitableErrorName,
  detail?: string,
): { kind: 'error'; error: BitableError } {
  const known: BitableError = BITABLE_ERRORS[name];
  return { kind: 'error', error: detail ? { ...known, msg: `${known.msg}: ${detail}` } : known };
}

export function statusFor(error: BitableError, style: ErrorStatusStyle): number {
  if (error.status !== undefined) return error.status;
  if (style === 'http200') return 200;
  if (error.code >= 1254040 && error.code <= 1254049) return 404;
  if (error.code >= 1255000) return 500;
  return 400;
}

export function sendBitableResult<T>(
  res: Response,
  result: BitableResult<T>,
  style: ErrorStatusStyle = 'http200',
): void {
  if (result.kind === 'ok') sendData(res, result.data);
  else sendError(res, statusFor(result.error, style), result.error.code, result.error.msg);
}
