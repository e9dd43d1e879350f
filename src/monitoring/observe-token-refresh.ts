import type { Observation } from '../domain/alert.js';
import { LarkCallFailed } from '../ports/lark-call-failed.js';
import type { TokenWatch } from './create-token-watch.js';
import { describeLarkError, observeLarkFailure } from './observe-lark-failure.js';

/** Lark's answers to a missing, malformed, expired or wrong-kind token (docs/reference/lark-api.md §1.2, docs/emulator.md). */
const TOKEN_REFUSED = new Set([99991661, 99991663, 99991668, 99991671]);

/**
 * The long-running token-refresh synthetic check: one Lark client lives as long as the worker and makes an
 * authenticated call each run. It passes while every call is accepted and the client always moved to a
 * new token before the old one expired; it fails when Lark refuses the cached token or a call went out
 * with an expired one.
 */
export async function observeTokenRefresh(deps: {
  call: () => Promise<unknown>;
  watch: TokenWatch;
}): Promise<Observation[]> {
  const key = 'lark.token_refresh';
  try {
    await deps.call();
  } catch (error) {
    const code = LarkCallFailed.of(error)?.code ?? null;
    if (code !== null && TOKEN_REFUSED.has(code)) {
      return [
        {
          key,
          status: 'failing',
          detail: `Lark refused the cached token (${describeLarkError(error)}): it was not renewed before it expired`,
        },
      ];
    }
    return observeLarkFailure(key, error, ['lark.token']);
  }
  const snapshot = deps.watch.snapshot();
  if (snapshot.expiredUses > 0 || snapshot.lateHandovers > 0) {
    return [
      {
        key,
        status: 'failing',
        detail: `${snapshot.expiredUses} call(s) used an expired token and ${snapshot.lateHandovers} renewal(s) came after expiry`,
      },
    ];
  }
  const current = snapshot.current;
  return [
    {
      key,
      status: 'ok',
      detail: `renewed ${snapshot.renewals} time(s)${current ? `; current token ${Math.round(current.ageMs / 1000)} s old, expires in ${Math.round(current.expiresInMs / 1000)} s` : ''}${snapshot.minHandoverMarginMs === null ? '' : `; smallest margin at renewal ${Math.round(snapshot.minHandoverMarginMs / 1000)} s`}`,
    },
  ];
}
