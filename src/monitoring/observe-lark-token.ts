import type { Secret } from '../config/secret.js';
import type { Observation } from '../domain/alert.js';
import type { LarkClient } from '../lark/create-lark-client.js';
import { withTimeout } from '../platform/with-timeout.js';
import { fetchTenantToken } from './fetch-tenant-token.js';
import { observeLarkFailure } from './observe-lark-failure.js';

/** Can a tenant_access_token be obtained now? `lark.token`, and `lark.rate_limited` when throttled. */
export async function observeLarkToken(deps: {
  lark: LarkClient;
  appId: string;
  appSecret: Secret;
  timeoutMs: number;
  /** Who looked, for the detail: `bot` or `worker`. */
  observer: string;
}): Promise<Observation[]> {
  try {
    const { expireSeconds } = await withTimeout(
      fetchTenantToken(deps.lark, { appId: deps.appId, appSecret: deps.appSecret }),
      deps.timeoutMs,
      `the token endpoint did not answer within ${deps.timeoutMs} ms`,
    );
    return [
      {
        key: 'lark.token',
        status: 'ok',
        detail: `token obtained (${deps.observer}), ${expireSeconds} s left`,
      },
      { key: 'lark.rate_limited', status: 'ok', detail: '' },
    ];
  } catch (error) {
    return observeLarkFailure('lark.token', error).map((observation) => ({
      ...observation,
      detail: `${deps.observer}: ${observation.detail}`,
    }));
  }
}
