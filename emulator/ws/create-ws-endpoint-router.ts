import type { Router } from 'express';
import express from 'express';
import type { EmulatorSeed } from '../seed.js';
import type { WsGateway } from './create-ws-gateway.js';
import type { WsClientConfig } from './ws-client-config.js';

/**
 * `POST /callback/ws/endpoint {AppID, AppSecret}` (docs/reference/lark-api.md §1.6): where the long connection is, and the
 * client config → `{code:0, msg:"ok", data:{URL, ClientConfig}}`. Wrong credentials → HTTP 200 `{code:514,
 * msg:"auth failed"}` (UNCONFIRMED: 514 is the SDK's own name for an auth failure here, `ErrorCode.auth_failed`,
 * and any non-zero code but 1000040343 stops the client and calls its `onError`); 50 connections already open →
 * `{code:1000040350}` (the SDK's `exceed_conn_limit`; the limit is the long-connection page's).
 */
export function createWsEndpointRouter(deps: {
  seed: EmulatorSeed;
  gateway: WsGateway;
  clientConfig: WsClientConfig;
  selfUrl: () => string;
}): Router {
  const router = express.Router();
  router.post('/callback/ws/endpoint', (req, res) => {
    const body = (req.body ?? {}) as { AppID?: unknown; AppSecret?: unknown };
    if (body.AppID !== deps.seed.app.app_id || body.AppSecret !== deps.seed.app.app_secret) {
      res.status(200).json({ code: 514, msg: 'auth failed', data: {} });
      return;
    }
    if (deps.gateway.isDown()) {
      // The SDK's `internal_error`: the one code it retries (docs/reference/lark-api.md §1.6).
      res.status(200).json({ code: 1000040343, msg: 'internal error', data: {} });
      return;
    }
    const url = deps.gateway.issueUrl(deps.selfUrl());
    if (url === null) {
      res.status(200).json({ code: 1000040350, msg: 'exceed connection limit', data: {} });
      return;
    }
    res.status(200).json({ code: 0, msg: 'ok', data: { URL: url, ClientConfig: deps.clientConfig } });
  });
  return router;
}
