import type { Router } from 'express';
import express from 'express';
import { sendData } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';

/** What an emulated tenant has granted when the seed names no `app.scopes`: what `larkgate iam` asks for. */
export const DEFAULT_GRANTED_SCOPES: readonly string[] = [
  'bitable:app',
  'contact:user.basic_profile:readonly',
  'im:message:send_as_bot',
  'im:message.group_at_msg:readonly',
  'im:message.p2p_msg:readonly',
  'im:chat:readonly',
];

/**
 * Application v6 scope list ("查询租户授权状态"): each scope the app asked the tenant for, with
 * `grant_status` 1 granted, 2 not granted. The emulator's app has asked for exactly what it was granted.
 * https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/application-v6/scope/list
 */
export function createScopeListRouter(seed: EmulatorSeed): Router {
  const router = express.Router();
  router.get('/open-apis/application/v6/scopes', (_req, res) => {
    const scopes = seed.app.scopes ?? DEFAULT_GRANTED_SCOPES;
    sendData(res, {
      scopes: scopes.map((scope) => ({ scope_name: scope, grant_status: 1, scope_type: 'tenant' })),
    });
  });
  return router;
}
