import { LarkCallFailed } from '../ports/lark-call-failed.js';

/**
 * A call to a Lark endpoint that `allowed_endpoints.yaml` does not list (or to another origin) was refused
 * before it left the process. The caller has already been told through `onEgressDenied` (audited as
 * `egress.denied`).
 */
export class EgressDeniedError extends LarkCallFailed {
  readonly code = 'egress_denied';

  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`egress denied: ${method} ${path} is not in allowed_endpoints.yaml`, {
      kind: 'permanent',
      reason: 'egress_denied',
      code: null,
      endpointId: 'egress',
      method,
      path,
      httpStatus: 0,
      msg: 'not in allowed_endpoints.yaml',
    });
    this.name = 'EgressDeniedError';
  }
}
