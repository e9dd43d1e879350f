import type { Router } from 'express';
import express from 'express';
import type { ImStore, ImUser } from '../im/create-im-store.js';
import { sendData, sendError } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';

const ID_TYPES = ['open_id', 'union_id', 'user_id'] as const;

/**
 * Contact v3 `basic_batch`: names for 1–10 user ids (`user_id_type`, default open_id). Lark answers only
 * with the users it found and does not check the app's contact range; here the tenant is the seed's
 * users. A bad body or id type is HTTP 400, 40001 "param is invalid", as the page lists.
 * https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/contact-v3/user/basic_batch
 */
export function createContactRouter(seed: EmulatorSeed, store: ImStore): Router {
  const router = express.Router();
  const idOf = (user: ImUser, type: (typeof ID_TYPES)[number]) =>
    type === 'open_id' ? user.openId : type === 'union_id' ? user.unionId : user.userId;
  const status = {
    is_frozen: false,
    is_resigned: false,
    is_activated: true,
    is_exited: false,
    is_unjoin: false,
  };

  /**
   * `GET /open-apis/contact/v3/users/:user_id?user_id_type=` (https://open.feishu.cn/document/server-docs/contact-v3/user/get):
   * a seed user → `data.user {open_id, union_id, user_id, name, en_name, email?, mobile?, status, …}`. The
   * app's contact range is the whole seed. An id that names nobody → HTTP 400 41050 "no user authority
   * error" (UNCONFIRMED: the answer Lark gives for a user outside the app's range, which is what an unknown id
   * is to the app); a bad id type → 40001.
   */
  router.get('/open-apis/contact/v3/users/:user_id', (req, res) => {
    const idType = req.query.user_id_type ?? 'open_id';
    if (!ID_TYPES.includes(idType as (typeof ID_TYPES)[number])) {
      sendError(res, 400, 40001, 'param is invalid');
      return;
    }
    const user = store.findUser(idType as (typeof ID_TYPES)[number], String(req.params.user_id));
    if (!user) {
      sendError(res, 400, 41050, 'no user authority error');
      return;
    }
    sendData(res, {
      user: {
        open_id: user.openId,
        union_id: user.unionId,
        user_id: user.userId,
        name: user.name,
        en_name: user.name,
        ...(user.email ? { email: user.email } : {}),
        ...(user.mobile ? { mobile: user.mobile } : {}),
        status,
        avatar: {},
        department_ids: [],
      },
    });
  });

  /**
   * `POST /open-apis/contact/v3/users/batch_get_id` (https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id):
   * `{emails?, mobiles?}` (each at most 50, at least one given) → `data.user_list`, one entry per e-mail then per
   * mobile asked, in order: `{user_id, email|mobile, status}` for a seed user with it (`user_id` of
   * `user_id_type`, default open_id), `{email|mobile}` alone for nobody. Anything else → HTTP 400 40001.
   */
  router.post('/open-apis/contact/v3/users/batch_get_id', (req, res) => {
    const idType = req.query.user_id_type ?? 'open_id';
    const body = (req.body ?? {}) as { emails?: unknown; mobiles?: unknown };
    const list = (value: unknown) =>
      value === undefined
        ? []
        : Array.isArray(value) && value.every((v) => typeof v === 'string')
          ? value
          : null;
    const emails = list(body.emails);
    const mobiles = list(body.mobiles);
    if (
      !ID_TYPES.includes(idType as (typeof ID_TYPES)[number]) ||
      emails === null ||
      mobiles === null ||
      emails.length > 50 ||
      mobiles.length > 50 ||
      emails.length + mobiles.length === 0
    ) {
      sendError(res, 400, 40001, 'param is invalid');
      return;
    }
    const type = idType as (typeof ID_TYPES)[number];
    const users = store.users();
    const find = (key: 'email' | 'mobile', value: string) => {
      const user = users.find((candidate) => candidate[key]?.toLowerCase() === value.toLowerCase());
      return user ? { user_id: idOf(user, type), [key]: value, status } : { [key]: value };
    };
    sendData(res, {
      user_list: [...emails.map((e) => find('email', e)), ...mobiles.map((m) => find('mobile', m))],
    });
  });

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
