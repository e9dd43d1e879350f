import type { Router } from 'express';
import express from 'express';
import { sendData, sendError } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';

const TYPES = ['doc', 'sheet', 'file', 'wiki', 'bitable', 'docx', 'mindnote', 'minutes', 'slides', 'apps'];
const ACTIONS = ['view', 'edit', 'share', 'comment', 'export', 'copy', 'print', 'manage_public'];

/**
 * Drive v1 "判断用户权限": whether the calling app may `view` or `edit` a document, from the seed Base's
 * `app_permission` (edit: both; read: view; none: neither). Other actions and a token that names no seeded
 * Base answer false. A missing or unknown `type`/`action` is HTTP 400, 99992402 "field validation failed".
 * https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/drive-v1/permission-member/auth
 */
export function createPermissionAuthRouter(seed: EmulatorSeed): Router {
  const router = express.Router();
  router.get('/open-apis/drive/v1/permissions/:token/members/auth', (req, res) => {
    const { type, action } = req.query;
    if (
      typeof type !== 'string' ||
      !TYPES.includes(type) ||
      typeof action !== 'string' ||
      !ACTIONS.includes(action)
    ) {
      sendError(res, 400, 99992402, 'field validation failed: type and action are required');
      return;
    }
    const base = type === 'bitable' ? seed.bases.find((b) => b.app_token === req.params.token) : undefined;
    const permission = base?.app_permission ?? 'none';
    const allowed =
      (action === 'view' && permission !== 'none') || (action === 'edit' && permission === 'edit');
    sendData(res, { auth_result: allowed });
  });
  return router;
}
