import type { Response } from 'express';

/** Lark's success envelope: `{code:0, msg:"success", data}`. */
export function sendData(res: Response, data: unknown): void {
  res.status(200).json({ code: 0, msg: 'success', data });
}

/**
 * Lark's error envelope. Most Bitable errors are HTTP 200 with a non-zero code; IM errors are 400;
 * the caller picks the status the reference documents for that code.
 */
export function sendError(res: Response, status: number, code: number, msg: string, extra?: object): void {
  res.status(status).json({ code, msg, ...extra, error: { log_id: logId() } });
}

/**
 * The gateway's throttling answer (docs/reference/lark-api.md §2.5): HTTP 429, `x-ogw-ratelimit-limit` and
 * `x-ogw-ratelimit-reset` (whole seconds to wait, at least 1), body code 99991400.
 */
export function sendRateLimited(res: Response, limit: number, resetSeconds: number): void {
  res.setHeader('x-ogw-ratelimit-limit', String(limit));
  res.setHeader('x-ogw-ratelimit-reset', String(Math.max(1, Math.ceil(resetSeconds))));
  sendError(res, 429, 99991400, 'request trigger frequency limit');
}

let counter = 0;
function logId(): string {
  counter = (counter + 1) % 1_000_000;
  return `2026${Date.now().toString(16)}${counter.toString(16).padStart(5, '0')}`.toUpperCase();
}
