import { randomBytes } from 'node:crypto';

/** A token the emulator issued. `expiresAt` is in clock milliseconds. */
type IssuedToken = { token: string; appId: string; expiresAt: number };

export type TokenCheck = { kind: 'valid'; appId: string } | { kind: 'unknown' } | { kind: 'expired' };

export type TokenStore = {
  /** Returns the app's current token, or a new one when less than 30 minutes remain (both stay valid). */
  issue(appId: string): { token: string; expire: number };
  check(token: string): TokenCheck;
};

/** Lark returns the same token until less than this remains, then a new one (docs/reference/lark-api.md §1.2). */
export const TOKEN_REFRESH_WINDOW_MS = 30 * 60 * 1000;

/**
 * tenant_access_token bookkeeping, driven by the injected clock.
 * https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
export function createTokenStore(deps: {
  clock: () => number;
  ttlSeconds: number;
  newToken?: () => string;
}): TokenStore {
  const newToken = deps.newToken ?? (() => `t-g1044${randomBytes(18).toString('hex')}`);
  const byToken = new Map<string, IssuedToken>();
  const currentByApp = new Map<string, IssuedToken>();

  function forgetExpired(now: number): void {
    for (const [token, issued] of byToken) if (issued.expiresAt <= now) byToken.delete(token);
  }

  return {
    issue(appId) {
      const now = deps.clock();
      forgetExpired(now);
      const current = currentByApp.get(appId);
      if (current && current.expiresAt - now >= TOKEN_REFRESH_WINDOW_MS) {
        return { token: current.token, expire: Math.floor((current.expiresAt - now) / 1000) };
      }
      const issued = { token: newToken(), appId, expiresAt: now + deps.ttlSeconds * 1000 };
      byToken.set(issued.token, issued);
      currentByApp.set(appId, issued);
      return { token: issued.token, expire: deps.ttlSeconds };
    },
    check(token) {
      const issued = byToken.get(token);
      if (!issued) return { kind: 'unknown' };
      if (issued.expiresAt <= deps.clock()) return { kind: 'expired' };
      return { kind: 'valid', appId: issued.appId };
    },
  };
}
