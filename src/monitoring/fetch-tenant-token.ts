import type { Secret } from '../config/secret.js';
import type { LarkClient } from '../lark/create-lark-client.js';

/**
 * Asks Lark for a tenant_access_token now, bypassing the SDK's token cache: the check must prove a token
 * can be obtained, not that one was cached earlier (docs/reference/lark-api.md §1.2). Goes through the client's HTTP
 * instance, so the allowlist applies and a failure is a LarkApiError without the secret. Returns the
 * seconds the token has left; the token itself is dropped.
 */
export async function fetchTenantToken(
  lark: LarkClient,
  app: { appId: string; appSecret: Secret },
): Promise<{ expireSeconds: number }> {
  const body = (await lark.httpInstance.post(
    `${lark.origin}/open-apis/auth/v3/tenant_access_token/internal`,
    {
      app_id: app.appId,
      app_secret: app.appSecret.reveal(),
    },
  )) as unknown as { tenant_access_token?: unknown; expire?: unknown };
  if (typeof body?.tenant_access_token !== 'string' || body.tenant_access_token === '') {
    throw new Error('the token answer has no tenant_access_token');
  }
  return { expireSeconds: typeof body.expire === 'number' ? body.expire : 0 };
}
