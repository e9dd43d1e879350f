import { classifyLarkError } from './classify-lark-error.js';
import { LarkApiError } from './lark-api-error.js';

export type LarkCall = { endpointId: string; method: string; path: string; write: boolean };

/**
 * Lark answers many failures with HTTP 200 and a non-zero `code` (docs/reference/lark-api.md §2), and the SDK resolves
 * those normally: every response passes through here. Returns the response itself when `code` is 0.
 */
export function expectLarkOk<T extends { code?: number; msg?: string }>(response: T, call: LarkCall): T {
  const code = typeof response?.code === 'number' ? response.code : null;
  if (code === 0) return response;
  const logId = (response as { error?: { log_id?: unknown } } | undefined)?.error?.log_id;
  throw new LarkApiError({
    endpointId: call.endpointId,
    method: call.method,
    path: call.path,
    httpStatus: 200,
    code,
    msg: typeof response?.msg === 'string' ? response.msg.slice(0, 500) : 'no code in the response',
    kind: classifyLarkError({ httpStatus: 200, code, write: call.write }),
    ...(typeof logId === 'string' ? { logId } : {}),
  });
}
