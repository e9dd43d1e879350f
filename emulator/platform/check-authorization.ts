import type { TokenStore } from './create-token-store.js';

export type AuthDecision = { kind: 'ok'; appId: string } | { kind: 'denied'; code: number; msg: string };

/**
 * Decides whether an `Authorization` header may call the Open API (docs/reference/lark-api.md §1.2, §2.6 platform codes).
 * The emulator issues no user tokens, so every `u-…` token counts as an invalid user token.
 */
export function checkAuthorization(header: string | undefined, tokens: TokenStore): AuthDecision {
  const token = (header ?? '')
    .trim()
    .replace(/^Bearer\b/i, '')
    .trim();
  if (token === '') return { kind: 'denied', code: 99991661, msg: 'Need a token' };
  if (!token.startsWith('t-') && !token.startsWith('u-')) {
    return { kind: 'denied', code: 99991671, msg: 'Invalid access token: token must start with t- or u-' };
  }
  if (token.startsWith('u-')) {
    return {
      kind: 'denied',
      code: 99991668,
      msg: 'Invalid access token for authorization: user token invalid',
    };
  }
  const check = tokens.check(token);
  if (check.kind === 'valid') return { kind: 'ok', appId: check.appId };
  return {
    kind: 'denied',
    code: 99991663,
    msg: 'Invalid access token for authorization. Please make a request with token attached',
  };
}
