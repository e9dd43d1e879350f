import type { Router } from 'express';
import express from 'express';
import { sendData, sendError } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';

const ID_TYPES = ['open_id', 'union_id', 'user_id'] as const;

/**
 * Contact v3 `basic_batch`: names for 1–10 user ids (`user_id_type`, default open_id). Lark answers only
 * with the users it found and does not check the app's contact range; here the tenant is the seed's
 * users. A bad body or id type is HTTP 400, 40001 "param is invalid", as the page lists.
 * https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/contact-v3/user/basic_batch
 */
export function createContactRouter(seed: EmulatorSeed): Router {
  const router = express.Router();
  router.post('/open-apis/contact/v3/users/basic_batch', (req, res) => {
    const idType = req.query.user_id_type ?? 'open_id';
    const ids = (req.body as { user_ids?: unknown } | undefined)?.user_ids;
    if (
      !ID_TYPES.includes(idType as (typeof ID_TYPES)[number]) ||
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 10 ||
      !ids.every((id) => typeof id === 'string')
    ) {
      sendError(res, 400, 40001, 'param is invalid');
      return;
    }
    const type = idType as (typeof ID_TYPES)[number];
    const users = ids.flatMap((id) => {
      const user = seed.users.find((candidate) => candidate[type] === id);
      return user ? [{ user_id: id, name: user.name, i18n_name: { en_us: user.name } }] : [];
    });
    sendData(res, { users });
  });
  return router;
}
