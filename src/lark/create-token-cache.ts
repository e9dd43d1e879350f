import type * as lark from '@larksuiteoapi/node-sdk';

/**
 * A token cache private to one client. The SDK's default cache is one module-global object, so every
 * Client in the process with the same appId would share a token (docs/reference/lark-api.md §1.1). Expiry times come from
 * the SDK, computed with Date.now, so they are compared with Date.now.
 */
export function createTokenCache(): lark.Cache {
  const entries = new Map<string, { value: unknown; expiresAt: number | undefined }>();
  const keyOf = (key: string | symbol, namespace: string | undefined) =>
    `${namespace ?? ''}\u0000${String(key)}`;
  return {
    async get(key, options) {
      const entry = entries.get(keyOf(key as string | symbol, options?.namespace));
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) return undefined;
      return entry.value;
    },
    async set(key, value, expiresAt, options) {
      entries.set(keyOf(key as string | symbol, options?.namespace), { value, expiresAt });
      return true;
    },
  };
}
