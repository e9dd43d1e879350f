/**
 * Every Lark endpoint the emulator serves, with the documented rate limits. Limits are per app per tenant
 * (docs/reference/lark-api.md §2.1, §2.5, §3.1). `unconfirmed` marks figures the docs do not give; the
 * emulator uses the nearest documented sibling's figure for them.
 */
export type RateWindow = { max: number; per: 'second' | 'minute' };

export type EndpointFamily = 'auth' | 'bitable' | 'im' | 'bot' | 'contact' | 'application' | 'drive';

export type Endpoint = {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  family: EndpointFamily;
  /** Writes to a Base: serialised per Base, subject to write-conflict injection. */
  baseWrite: boolean;
  limits: RateWindow[];
  unconfirmed?: boolean;
};

const APPS = '/open-apis/bitable/v1/apps';
const TABLE = `${APPS}/:app_token/tables/:table_id`;
const perSecond = (max: number): RateWindow[] => [{ max, per: 'second' }];
const imLimits: RateWindow[] = [
  { max: 50, per: 'second' },
  { max: 1000, per: 'minute' },
];

export const ENDPOINTS: readonly Endpoint[] = [
  {
    id: 'auth.tenant_access_token',
    method: 'POST',
    path: '/open-apis/auth/v3/tenant_access_token/internal',
    family: 'auth',
    baseWrite: false,
    limits: perSecond(50),
    unconfirmed: true,
  },
  {
    id: 'auth.app_access_token',
    method: 'POST',
    path: '/open-apis/auth/v3/app_access_token/internal',
    family: 'auth',
    baseWrite: false,
    limits: perSecond(50),
    unconfirmed: true,
  },
  {
    id: 'bitable.app.get',
    method: 'GET',
    path: `${APPS}/:app_token`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.table.list',
    method: 'GET',
    path: `${APPS}/:app_token/tables`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.table.create',
    method: 'POST',
    path: `${APPS}/:app_token/tables`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.table.batch_create',
    method: 'POST',
    path: `${APPS}/:app_token/tables/batch_create`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.table.delete',
    method: 'DELETE',
    path: TABLE,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.table.batch_delete',
    method: 'POST',
    path: `${APPS}/:app_token/tables/batch_delete`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
    unconfirmed: true,
  },
  {
    id: 'bitable.field.list',
    method: 'GET',
    path: `${TABLE}/fields`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.field.create',
    method: 'POST',
    path: `${TABLE}/fields`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.field.update',
    method: 'PUT',
    path: `${TABLE}/fields/:field_id`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.field.delete',
    method: 'DELETE',
    path: `${TABLE}/fields/:field_id`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(10),
  },
  {
    id: 'bitable.record.search',
    method: 'POST',
    path: `${TABLE}/records/search`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.record.list',
    method: 'GET',
    path: `${TABLE}/records`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.record.get',
    method: 'GET',
    path: `${TABLE}/records/:record_id`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
    unconfirmed: true,
  },
  {
    id: 'bitable.record.batch_get',
    method: 'POST',
    path: `${TABLE}/records/batch_get`,
    family: 'bitable',
    baseWrite: false,
    limits: perSecond(20),
  },
  {
    id: 'bitable.record.create',
    method: 'POST',
    path: `${TABLE}/records`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'bitable.record.update',
    method: 'PUT',
    path: `${TABLE}/records/:record_id`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'bitable.record.delete',
    method: 'DELETE',
    path: `${TABLE}/records/:record_id`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'bitable.record.batch_create',
    method: 'POST',
    path: `${TABLE}/records/batch_create`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'bitable.record.batch_update',
    method: 'POST',
    path: `${TABLE}/records/batch_update`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'bitable.record.batch_delete',
    method: 'POST',
    path: `${TABLE}/records/batch_delete`,
    family: 'bitable',
    baseWrite: true,
    limits: perSecond(50),
  },
  {
    id: 'im.message.create',
    method: 'POST',
    path: '/open-apis/im/v1/messages',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    id: 'im.message.reply',
    method: 'POST',
    path: '/open-apis/im/v1/messages/:message_id/reply',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    id: 'im.message.patch',
    method: 'PATCH',
    path: '/open-apis/im/v1/messages/:message_id',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    id: 'im.message.get',
    method: 'GET',
    path: '/open-apis/im/v1/messages/:message_id',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    // https://open.feishu.cn/document/server-docs/im-v1/message/list
    id: 'im.message.list',
    method: 'GET',
    path: '/open-apis/im/v1/messages',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    // https://open.feishu.cn/document/server-docs/im-v1/message/delete
    id: 'im.message.delete',
    method: 'DELETE',
    path: '/open-apis/im/v1/messages/:message_id',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
  },
  {
    // https://open.feishu.cn/document/server-docs/im-v1/image/create
    id: 'im.image.create',
    method: 'POST',
    path: '/open-apis/im/v1/images',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  {
    // https://open.feishu.cn/document/server-docs/group/chat/list
    id: 'im.chat.list',
    method: 'GET',
    path: '/open-apis/im/v1/chats',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  {
    // https://open.feishu.cn/document/server-docs/group/chat/get-2
    id: 'im.chat.get',
    method: 'GET',
    path: '/open-apis/im/v1/chats/:chat_id',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  {
    // https://open.feishu.cn/document/server-docs/group/chat-member/get
    id: 'im.chat.members.get',
    method: 'GET',
    path: '/open-apis/im/v1/chats/:chat_id/members',
    family: 'im',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  {
    id: 'bot.info',
    method: 'GET',
    path: '/open-apis/bot/v3/info',
    family: 'bot',
    baseWrite: false,
    limits: perSecond(50),
    unconfirmed: true,
  },
  {
    id: 'contact.user.basic_batch',
    method: 'POST',
    path: '/open-apis/contact/v3/users/basic_batch',
    family: 'contact',
    baseWrite: false,
    limits: perSecond(5),
  },
  {
    // https://open.feishu.cn/document/server-docs/contact-v3/user/get
    id: 'contact.user.get',
    method: 'GET',
    path: '/open-apis/contact/v3/users/:user_id',
    family: 'contact',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  {
    // https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id
    id: 'contact.user.batch_get_id',
    method: 'POST',
    path: '/open-apis/contact/v3/users/batch_get_id',
    family: 'contact',
    baseWrite: false,
    limits: imLimits,
    unconfirmed: true,
  },
  // Read by the set-up commands (`larkgate lark whoami|base`), never by the bot.
  {
    id: 'application.scope.list',
    method: 'GET',
    path: '/open-apis/application/v6/scopes',
    family: 'application',
    baseWrite: false,
    // "特殊频控" (a special limit) on the doc page, no figure given.
    limits: perSecond(5),
    unconfirmed: true,
  },
  {
    id: 'drive.permission.member.auth',
    method: 'GET',
    path: '/open-apis/drive/v1/permissions/:token/members/auth',
    family: 'drive',
    baseWrite: false,
    limits: [{ max: 100, per: 'minute' }],
  },
];

/**
 * IM's limits per chat (sends and replies: "5 QPS per user / per group") and per message (card updates:
 * "5 QPS per message"), docs/reference/lark-api.md §3.1. Not endpoints, but overridden through `rateLimitOverrides` under
 * these ids like the endpoints' own limits.
 */
export const KEYED_LIMITS = {
  'im.per_chat': perSecond(5),
  'im.per_message': perSecond(5),
} as const satisfies Record<string, RateWindow[]>;

export type KeyedLimitId = keyof typeof KEYED_LIMITS;

/** Every id `rateLimitOverrides` may name: the endpoints' and IM's per-chat and per-message limits. */
export function isRateLimitId(id: string): boolean {
  return id in KEYED_LIMITS || ENDPOINTS.some((endpoint) => endpoint.id === id);
}

export type EndpointMatch = { endpoint: Endpoint; params: Record<string, string> };

/**
 * Finds the endpoint for a method and path. Literal segments win over parameters, so
 * `POST …/tables/batch_create` is not taken for `…/tables/:table_id`.
 */
export function matchEndpoint(method: string, path: string): EndpointMatch | undefined {
  const segments = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  let best: { match: EndpointMatch; literals: number } | undefined;
  for (const endpoint of ENDPOINTS) {
    if (endpoint.method !== method.toUpperCase()) continue;
    const pattern = endpoint.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      const want = pattern[i] as string;
      const got = segments[i] as string;
      if (want.startsWith(':')) params[want.slice(1)] = decodeURIComponent(got);
      else if (want === got) literals++;
      else {
        ok = false;
        break;
      }
    }
    if (ok && (!best || literals > best.literals)) best = { match: { endpoint, params }, literals };
  }
  return best?.match;
}

/** True when some endpoint has this path with another method (Lark answers 99991301 then). */
export function pathExistsWithOtherMethod(method: string, path: string): boolean {
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].some(
    (other) => other !== method.toUpperCase() && matchEndpoint(other, path) !== undefined,
  );
}
