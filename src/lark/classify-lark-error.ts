import type { LarkErrorKind } from '../ports/lark-error-kind.js';

/** What is known about a failed call. */
export type FailedLarkCall = {
  /** HTTP status; 0 (or omitted) when no response arrived. */
  httpStatus?: number;
  /** Lark's `code` from the body, when there was one. */
  code?: number | null;
  /** True when the call changes state (create, update, delete, send …): decides transient vs ambiguous. */
  write: boolean;
  /**
   * Why no response arrived: `timeout` (our deadline passed) and `connection_lost` (socket hang up, reset)
   * may follow a request Lark received; `connection_refused` (refused, DNS) never reached Lark.
   */
  transport?: 'timeout' | 'connection_lost' | 'connection_refused';
};

const RATE_LIMITED = new Set([
  99991400, // platform frequency limit (lark-api.md §2.5)
  1254290, // Bitable TooManyRequest
  1254112, // Bitable TooManyRequestInSingleBase
  230020, // IM frequency limit
]);
const CONFLICT = new Set([1254291, 1254607]); // write conflict, data not ready: nothing was written
const AUTH = new Set([10003, 10014, 99991661, 99991663, 99991664, 99991665, 99991668, 99991671, 99991677]);
const PERMISSION = new Set([1254301, 1254302, 1254304, 1254306, 99991672, 230027]);
const INTERNAL = new Set([1255001, 1255002, 1255003, 1255004, 1255005, 1255040]);
/**
 * 1254608 "same request resubmitted": a write with this client_token already landed. The caller must read
 * to learn its outcome, exactly as after a timeout.
 */
const ALREADY_SUBMITTED = 1254608;

/**
 * Maps a failed Lark call to what the caller should do (lark-api.md §2.6, reliability-notes.md §9).
 * Codes are checked before HTTP statuses: Lark sends most Bitable errors as HTTP 200 with a code, and a 403
 * or 400 can mean several things.
 */
export function classifyLarkError(failure: FailedLarkCall): LarkErrorKind {
  const status = failure.httpStatus ?? 0;
  const code = failure.code ?? null;

  if (status === 429 || (code !== null && RATE_LIMITED.has(code))) return 'rate_limited';
  if (code !== null) {
    if (CONFLICT.has(code)) return 'conflict';
    if (code === ALREADY_SUBMITTED) return 'ambiguous';
    if (code >= 1254040 && code <= 1254044) return 'not_found';
    if (code === 1254045) return 'field_not_found';
    if (code >= 1254060 && code <= 1254074) return 'bad_value';
    if (code === 1254104) return 'too_large';
    if (AUTH.has(code)) return 'auth';
    if (PERMISSION.has(code)) return 'permission';
    if (INTERNAL.has(code)) return failure.write ? 'ambiguous' : 'transient';
    // Any other Bitable code below 5xx says what is wrong (1254034 "last table" comes as 403, for instance).
    if (code >= 1254000 && code <= 1255999 && status < 500) return 'permanent';
  }
  if (status === 0) {
    if (failure.transport === 'connection_refused') return 'transient';
    return failure.write ? 'ambiguous' : 'transient';
  }
  if (status >= 500) return failure.write ? 'ambiguous' : 'transient';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404 && code === null) return 'not_found';
  return 'permanent';
}
