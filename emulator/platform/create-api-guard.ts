import type { RequestHandler } from 'express';
import { checkAuthorization } from './check-authorization.js';
import type { RequestStages } from './create-request-stages.js';
import type { TokenStore } from './create-token-store.js';
import { matchEndpoint, pathExistsWithOtherMethod } from './endpoint-catalog.js';
import { sendError } from './lark-response.js';

/**
 * Every `/open-apis/*` call except the token route: endpoint match (404/99991201, or 99991301 for a known path
 * with another method), `Authorization: Bearer t-…` (HTTP 400 with 99991661 / 99991671 / 99991663 / 99991668;
 * the status is UNCONFIRMED, 400 as seen in go-lark/lark#28), then the request stages.
 * The matched endpoint and calling app are left in `res.locals.endpoint` and `res.locals.appId`.
 */
export function createApiGuard(deps: { tokens: TokenStore; stages: RequestStages }): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/open-apis/')) {
      next();
      return;
    }
    const match = matchEndpoint(req.method, req.path);
    if (!match) {
      if (pathExistsWithOtherMethod(req.method, req.path)) sendError(res, 404, 99991301, 'method mismatch');
      else sendError(res, 404, 99991201, 'path not found');
      return;
    }
    const auth = checkAuthorization(req.headers.authorization, deps.tokens);
    if (auth.kind === 'denied') {
      sendError(res, 400, auth.code, auth.msg);
      return;
    }
    res.locals.endpoint = match.endpoint;
    res.locals.appId = auth.appId;
    deps.stages(req, res, next, { ...match, appId: auth.appId }).catch(next);
  };
}
