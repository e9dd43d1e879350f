import { LarkCallFailed } from '../ports/lark-call-failed.js';
import type { LarkErrorKind } from '../ports/lark-error-kind.js';
import { isRetryable } from './is-retryable.js';

/** The safe facts about a failed Lark call: no headers, no request body, no token, no secret. */
export type LarkApiErrorFacts = {
  endpointId: string;
  method: string;
  /** URL path without the query string. */
  path: string;
  /** 0 when no response arrived (timeout, connection lost). */
  httpStatus: number;
  /** Lark's `code`, or null when the body had none. */
  code: number | null;
  msg: string;
  kind: LarkErrorKind;
  /** For `rate_limited`: how long Lark asked us to wait. */
  retryAfterMs?: number;
  /** Lark's log id (`error.log_id` or the `x-tt-logid` header), for Lark support. */
  logId?: string;
};

/**
 * The error Larkgate's Lark adapter throws for a failed call (its `failure` is what callers read). It is built from chosen fields only and
 * never wraps the transport error: axios errors carry `config.headers` (the Bearer token) and
 * `config.data` (the app secret, on the token call).
 */
export class LarkApiError extends LarkCallFailed {
  readonly endpointId: string;
  readonly method: string;
  readonly path: string;
  readonly httpStatus: number;
  readonly code: number | null;
  readonly msg: string;
  readonly kind: LarkErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly logId: string | undefined;

  constructor(facts: LarkApiErrorFacts) {
    super(
      `Lark ${facts.endpointId} failed: ${facts.kind} (HTTP ${facts.httpStatus}, code ${facts.code ?? 'none'}: ${facts.msg})`,
      {
        kind: isRetryable(facts.kind) ? 'retryable' : facts.kind === 'ambiguous' ? 'ambiguous' : 'permanent',
        reason: facts.kind,
        code: facts.code,
        endpointId: facts.endpointId,
        method: facts.method,
        path: facts.path,
        httpStatus: facts.httpStatus,
        msg: facts.msg,
        ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }),
      },
    );
    this.name = 'LarkApiError';
    this.endpointId = facts.endpointId;
    this.method = facts.method;
    this.path = facts.path;
    this.httpStatus = facts.httpStatus;
    this.code = facts.code;
    this.msg = facts.msg;
    this.kind = facts.kind;
    this.retryAfterMs = facts.retryAfterMs;
    this.logId = facts.logId;
  }

  toJSON(): LarkApiErrorFacts & { name: string; message: string } {
    return {
      name: this.name,
      message: this.message,
      endpointId: this.endpointId,
      method: this.method,
      path: this.path,
      httpStatus: this.httpStatus,
      code: this.code,
      msg: this.msg,
      kind: this.kind,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.logId === undefined ? {} : { logId: this.logId }),
    };
  }
}
