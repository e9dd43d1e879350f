import type { NextFunction, Request, Response } from 'express';
import type { BaseWriteGate, Release } from './create-base-write-gate.js';
import type { Fault, FaultStore } from './create-fault-store.js';
import type { RateLimiter } from './create-rate-limiter.js';
import type { Endpoint } from './endpoint-catalog.js';
import { sendError, sendRateLimited } from './lark-response.js';

export type RequestStages = (
  req: Request,
  res: Response,
  next: NextFunction,
  call: { endpoint: Endpoint; params: Record<string, string>; appId: string },
) => Promise<void>;

/** Default latency of a `latency` fault without `latency_ms`. */
export const DEFAULT_FAULT_LATENCY_MS = 1000;
/** How long a `timeout_after_apply` fault holds the connection before dropping it, without `latency_ms`. */
export const DEFAULT_TIMEOUT_HOLD_MS = 30_000;

/**
 * What happens to an authenticated call before its route runs, in this order:
 * 1. faults (`/__emulator/faults`): rate_limit, server_error and write_conflict answer at once, nothing applied;
 * 2. the documented rate limits (429/99991400);
 * 3. for Base writes, one at a time per table (queued; or 1254291 when `writeConflicts` and the table is busy):
 *    Lark's rule is per table (docs/reference/lark-api.md §8, "concurrent read/write calls … on the same table"); writes that
 *    name no table (table create, batch create/delete of tables) are one at a time per Base among themselves;
 * 4. injected latency, while the Base is held, so overlapping writes really overlap;
 * 5. for `timeout_after_apply`, the route applies the call, then the response is held and the socket dropped;
 *    for `server_error_after_apply`, the route applies the call, then its answer is replaced by a 5xx.
 */
export function createRequestStages(deps: {
  faults: FaultStore;
  limiter: RateLimiter;
  gate: BaseWriteGate;
  writeConflicts: boolean;
}): RequestStages {
  return async (req, res, next, { endpoint, params, appId }) => {
    const fault = deps.faults.take(req.method, req.path);
    if (fault && answerFault(res, fault, endpoint, deps.limiter)) return;

    const rate = deps.limiter.take(endpoint, appId);
    if (rate.kind === 'limited') {
      sendRateLimited(res, rate.limit, rate.resetSeconds);
      return;
    }

    let release: Release | undefined;
    if (endpoint.baseWrite) {
      const entered = deps.gate.enter(
        `${params.app_token ?? ''}/${params.table_id ?? ''}`,
        deps.writeConflicts,
      );
      if (entered === 'busy') {
        sendError(res, 200, 1254291, 'Write conflict');
        return;
      }
      let closed = false;
      res.once('close', () => {
        closed = true;
        release?.();
      });
      release = await entered;
      res.once('finish', release);
      if (closed) {
        release();
        return;
      }
    }

    if (fault?.kind === 'latency') await sleep(fault.latency_ms ?? DEFAULT_FAULT_LATENCY_MS);
    if (fault?.kind === 'timeout_after_apply') holdResponseAndDrop(req, res, fault, release);
    if (fault?.kind === 'server_error_after_apply')
      replaceAnswerWithServerError(res, fault, endpoint, release);
    next();
  };
}

/** Answers the faults that stop a call before it is applied; true when it answered. */
function answerFault(res: Response, fault: Fault, endpoint: Endpoint, limiter: RateLimiter): boolean {
  switch (fault.kind) {
    case 'rate_limit':
      // The figure in force: a `rateLimitOverrides` entry for the endpoint wins over the catalogue's.
      sendRateLimited(res, limiter.windowsFor(endpoint)[0]?.max ?? 1, fault.reset_seconds ?? 1);
      return true;
    case 'server_error':
      sendServerError(res, fault, endpoint);
      return true;
    case 'write_conflict':
      sendError(res, fault.status ?? 200, fault.code ?? 1254291, 'Write conflict');
      return true;
    default:
      return false;
  }
}

/**
 * Lark's answer to an internal failure: HTTP `status` (default 500) with, on Bitable paths, 1255001
 * `InternalError` (docs/reference/lark-api.md §2.6), elsewhere the platform's 1 `System busy`; or the fault's `code`.
 */
function sendServerError(res: Response, fault: Fault, endpoint: Endpoint): void {
  const bitable = endpoint.family === 'bitable';
  sendError(
    res,
    fault.status ?? 500,
    fault.code ?? (bitable ? 1255001 : 1),
    bitable ? 'InternalError' : 'System busy',
  );
}

/**
 * The route applies the call, but the answer it sends is replaced by the `server_error` answer: the write lands
 * and the caller sees a 5xx, as when Lark fails after committing. The route's own body and headers (content
 * type and length) are discarded before the error is sent; `latency_ms` (default 0) delays the error, with
 * the Base already released.
 */
function replaceAnswerWithServerError(
  res: Response,
  fault: Fault,
  endpoint: Endpoint,
  release: Release | undefined,
): void {
  const end = res.end.bind(res);
  const replace = () => {
    release?.();
    res.end = end;
    res.removeHeader('content-length');
    res.removeHeader('content-type');
    const delayMs = fault.latency_ms ?? 0;
    if (delayMs === 0) sendServerError(res, fault, endpoint);
    else setTimeout(() => sendServerError(res, fault, endpoint), delayMs).unref();
    return res;
  };
  res.end = replace as unknown as Response['end'];
}

/**
 * The route applies the call and "sends" its answer, but nothing reaches the wire: the connection is held for
 * `latency_ms` (default 30 s) and then destroyed. A caller with a shorter timeout sees a timeout
 * (axios ECONNABORTED); one without sees "socket hang up"; `latency_ms: 0` drops the socket at once.
 */
function holdResponseAndDrop(req: Request, res: Response, fault: Fault, release: Release | undefined): void {
  const holdMs = fault.latency_ms ?? DEFAULT_TIMEOUT_HOLD_MS;
  const swallow = () => {
    release?.();
    if (holdMs === 0) {
      req.socket.destroy();
      return res;
    }
    const timer = setTimeout(() => req.socket.destroy(), holdMs);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    return res;
  };
  res.end = swallow as unknown as Response['end'];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
