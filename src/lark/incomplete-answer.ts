import type { LarkCall } from './expect-lark-ok.js';
import { LarkApiError } from './lark-api-error.js';

/** A successful answer that cannot be right: treated as ambiguous for writes (it may have landed). */
export function incompleteAnswer(call: LarkCall, msg: string): LarkApiError {
  return new LarkApiError({
    endpointId: call.endpointId,
    method: call.method,
    path: call.path,
    httpStatus: 200,
    code: 0,
    msg,
    kind: call.write ? 'ambiguous' : 'transient',
  });
}
