import type { RequestHandler, Router } from 'express';
import express from 'express';
import type { EmulatorSeed } from '../seed.js';
import type { RequestStages } from './create-request-stages.js';
import type { TokenStore } from './create-token-store.js';
import { ENDPOINTS } from './endpoint-catalog.js';
import { sendError } from './lark-response.js';

const TOKEN_ENDPOINT = ENDPOINTS.find((endpoint) => endpoint.id === 'auth.tenant_access_token');
const APP_TOKEN_ENDPOINT = ENDPOINTS.find((endpoint) => endpoint.id === 'auth.app_access_token');

/**
 * `POST /open-apis/auth/v3/tenant_access_token/internal` (docs/reference/lark-api.md §1.2): `{app_id, app_secret}` →
 * top-level `{code:0, msg:"ok", tenant_access_token, expire}`; `…/app_access_token/internal` the same with
 * `app_access_token` (docs/reference/lark-api.md §8). The seed's app id with a wrong secret → HTTP 200 `{code:10014,
 * msg:"app secret invalid"}` (§8, field reports); an unknown or missing app id or secret → `{code:10003,
 * msg:"invalid param"}`. Faults and the (UNCONFIRMED) 50/s limit apply, keyed by app_id.
 */
export function createAuthRouter(deps: {
  seed: EmulatorSeed;
  tokens: TokenStore;
  stages: RequestStages;
}): Router {
  const router = express.Router();
  if (!TOKEN_ENDPOINT || !APP_TOKEN_ENDPOINT) throw new Error('endpoint catalog lacks the token endpoints');
  for (const [endpoint, field] of [
    [TOKEN_ENDPOINT, 'tenant_access_token'],
    [APP_TOKEN_ENDPOINT, 'app_access_token'],
  ] as const) {
    const runStages: RequestHandler = (req, res, next) => {
      const body = (req.body ?? {}) as { app_id?: unknown };
      const appId = typeof body.app_id === 'string' ? body.app_id : '';
      deps.stages(req, res, next, { endpoint, params: {}, appId }).catch(next);
    };
    router.post(endpoint.path, runStages, (req, res) => {
      const body = (req.body ?? {}) as { app_id?: unknown; app_secret?: unknown };
      if (
        body.app_id !== deps.seed.app.app_id ||
        typeof body.app_secret !== 'string' ||
        body.app_secret === ''
      ) {
        sendError(res, 200, 10003, 'invalid param');
        return;
      }
      if (body.app_secret !== deps.seed.app.app_secret) {
        sendError(res, 200, 10014, 'app secret invalid');
        return;
      }
      const { token, expire } = deps.tokens.issue(deps.seed.app.app_id);
      // The app token is the tenant token's twin here: one app, one tenant (docs/emulator.md).
      res.status(200).json({ code: 0, msg: 'ok', [field]: token, expire });
    });
  }
  return router;
}
