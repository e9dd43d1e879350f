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

let counter = 0;
function logId(): string {
  counter = (counter + 1) % 1_000_000;
  return `2026${Date.now().toString(16)}${counter.toString(16).padStart(5, '0')}`.toUpperCase();
}
