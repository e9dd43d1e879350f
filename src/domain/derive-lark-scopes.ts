import type { Policy } from './policy.js';
import { isWritingStage } from './tiers.js';

/**
 * What one Lark endpoint needs. `scope` is the one Larkgate asks for (null: none); `anyOf` every scope the
 * Lark docs accept for it. `confirmed`: read on the endpoint's Lark doc page (`source`); otherwise the
 * scope is the documented family for that kind of call, to be checked in the developer console.
 */
export type ScopeRule = {
  scope: string | null;
  anyOf: readonly string[];
  confirmed: boolean;
  source: string;
};

const SEARCH =
  'https://open.feishu.cn/document/uajlw4cm/uktmuktmuktm/reference/bitable-v1/app-table-record/search';
const BATCH_GET =
  'https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/bitable-v1/app-table-record/batch_get';
const PATCH = 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/patch';
const BASIC_BATCH =
  'https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/contact-v3/user/basic_batch';
const RECEIVE = 'docs/reference/lark-api.md §3.2 (im.message.receive_v1 delivery by scope)';
const BITABLE_FAMILY =
  'bitable:app / bitable:app:readonly are the Base permission pair (Feishu permission list)';

const read = (source = BITABLE_FAMILY, confirmed = false, granular?: string): ScopeRule => ({
  scope: 'bitable:app:readonly',
  anyOf: [...(granular ? [granular] : []), 'bitable:app', 'bitable:app:readonly'],
  confirmed,
  source,
});
const write: ScopeRule = {
  scope: 'bitable:app',
  anyOf: ['bitable:app'],
  confirmed: false,
  source: BITABLE_FAMILY,
};
const sendAsBot: ScopeRule = {
  scope: 'im:message:send_as_bot',
  anyOf: ['im:message', 'im:message:send_as_bot'],
  confirmed: false,
  source: 'the IM send family (im:message or im:message:send_as_bot)',
};

/** Scopes per endpoint id of allowed_endpoints.yaml. An endpoint missing here is reported as unknown. */
export const ENDPOINT_SCOPES: Readonly<Record<string, ScopeRule>> = {
  'auth.tenant_access_token': {
    scope: null,
    anyOf: [],
    confirmed: true,
    source: 'docs/reference/lark-api.md §1.2: app_id + app_secret',
  },
  'bot.info': {
    scope: null,
    anyOf: [],
    confirmed: false,
    source: 'needs the bot capability enabled, no scope listed',
  },
  'bitable.app.get': read(),
  'bitable.table.list': read(),
  'bitable.field.list': read(),
  'bitable.record.search': read(SEARCH, true, 'base:record:retrieve'),
  'bitable.record.batch_get': read(BATCH_GET, true, 'base:record:read'),
  'bitable.record.create': write,
  'bitable.record.update': write,
  'bitable.record.delete': write,
  'bitable.record.batch_create': write,
  'bitable.record.batch_update': write,
  'bitable.record.batch_delete': write,
  'bitable.table.create': write,
  'bitable.table.delete': write,
  'bitable.field.create': write,
  'bitable.field.update': write,
  'bitable.field.delete': write,
  'contact.user.basic_batch': {
    scope: 'contact:user.basic_profile:readonly',
    anyOf: ['contact:user.basic_profile:readonly'],
    confirmed: true,
    source: BASIC_BATCH,
  },
  'im.message.create': sendAsBot,
  'im.message.reply': sendAsBot,
  'im.message.patch': {
    scope: 'im:message:send_as_bot',
    anyOf: ['im:message', 'im:message:send_as_bot', 'im:message:update'],
    confirmed: true,
    source: PATCH,
  },
};

export type ScopeEndpoint = { id: string; method: string; usedBy: readonly string[]; write: boolean };

export type ScopeGrant = { scope: string; why: string[]; confirmed: boolean; sources: string[] };

export type ScopePlan = {
  /** The scopes to grant, fewest that cover the config; nothing else. */
  grant: ScopeGrant[];
  /** Per feature (`used_by` in allowed_endpoints.yaml): the endpoints it calls and the scope each needs. */
  features: Array<{ feature: string; endpoints: Array<{ id: string; scope: string | null }> }>;
  /** Allowlisted endpoints not needed by this config (writes while no base is in a writing stage). */
  notNeeded: Array<{ id: string; why: string }>;
  /** Endpoints with no known scope: look them up before granting anything for them. */
  unknown: string[];
  /** Per base: the document permission the app needs on the Base itself (not a scope). */
  bases: Array<{ alias: string; access: 'read' | 'edit'; why: string }>;
};

/**
 * The minimal Lark scopes a config needs (docs/seeds/000 W7, least privilege), derived from the endpoint
 * allowlist and the features the policy uses: Base writes only when a base is in a writing stage, direct
 * messages only when they are on. `bitable:app` includes what `bitable:app:readonly` allows, so only one
 * of the two is asked for.
 */
export function deriveLarkScopes(input: { endpoints: readonly ScopeEndpoint[]; policy: Policy }): ScopePlan {
  const { policy } = input;
  const writing = policy.bases.filter((base) => isWritingStage(base.stage));
  const notNeeded: ScopePlan['notNeeded'] = [];
  const unknown: string[] = [];
  const needed = input.endpoints.filter((endpoint) => {
    // Only Base writes wait for a writing stage: the bot answers in chat (cards, replies) from dry-run on.
    if (!endpoint.write || writing.length > 0 || !endpoint.id.startsWith('bitable.')) return true;
    notNeeded.push({
      id: endpoint.id,
      why: 'no base is in the limited or live stage: grant it when one is promoted',
    });
    return false;
  });
  const grants = new Map<string, ScopeGrant>();
  const add = (scope: string, why: string, confirmed: boolean, source: string) => {
    const grant = grants.get(scope) ?? { scope, why: [], confirmed: true, sources: [] };
    if (!grant.why.includes(why)) grant.why.push(why);
    grant.confirmed &&= confirmed;
    if (!grant.sources.includes(source)) grant.sources.push(source);
    grants.set(scope, grant);
  };
  const features = new Map<string, Array<{ id: string; scope: string | null }>>();
  for (const endpoint of needed) {
    const rule = ENDPOINT_SCOPES[endpoint.id];
    if (!rule) unknown.push(endpoint.id);
    else if (rule.scope) add(rule.scope, endpoint.id, rule.confirmed, rule.source);
    for (const feature of endpoint.usedBy) {
      const list = features.get(feature) ?? [];
      list.push({ id: endpoint.id, scope: rule ? rule.scope : 'unknown' });
      features.set(feature, list);
    }
  }
  // Events: group messages that @mention the bot; direct messages only when allowed.
  add(
    'im:message.group_at_msg:readonly',
    'event im.message.receive_v1 in requests chats (@mentions only)',
    true,
    RECEIVE,
  );
  if (policy.allowDirectMessages) {
    add(
      'im:message.p2p_msg:readonly',
      'event im.message.receive_v1 in direct messages (chats.allow_direct_messages)',
      true,
      RECEIVE,
    );
  }
  const write = grants.get('bitable:app');
  const readOnly = grants.get('bitable:app:readonly');
  if (write && readOnly) {
    write.why.push(...readOnly.why.map((why) => `${why} (bitable:app includes read)`));
    grants.delete('bitable:app:readonly');
  }
  return {
    grant: [...grants.values()].sort((a, b) => a.scope.localeCompare(b.scope)),
    features: [...features.entries()]
      .map(([feature, endpoints]) => ({ feature, endpoints }))
      .sort((a, b) => a.feature.localeCompare(b.feature)),
    notNeeded,
    unknown,
    bases: policy.bases.map((base) => ({
      alias: base.alias,
      access: isWritingStage(base.stage) || base.staging ? 'edit' : 'read',
      why: isWritingStage(base.stage)
        ? `${base.stage} stage: approved writes`
        : base.staging
          ? 'the sandbox: drills and schema ops write here'
          : `${base.stage} stage: reads only`,
    })),
  };
}
