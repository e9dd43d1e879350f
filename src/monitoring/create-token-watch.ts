import { createHash } from 'node:crypto';

export type TokenWatch = ReturnType<typeof createTokenWatch>;

/**
 * Follows one long-lived Lark client's tenant_access_tokens, by fingerprint only (the token itself is
 * never kept): when each was issued and expires, when a call used it, and whether a call ever went out
 * with a token past its expiry or the client moved to a new token only after the old one had expired.
 */
export function createTokenWatch(clock: () => number) {
  const tokens = new Map<string, { issuedAt: number; expiresAt: number }>();
  let current: string | null = null;
  let renewals = 0;
  let expiredUses = 0;
  let lateHandovers = 0;
  let minHandoverMarginMs: number | null = null;
  const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

  return {
    /** The token endpoint answered with a token valid for `expireSeconds`. */
    issued(token: string, expireSeconds: number): void {
      const id = fingerprint(token);
      if (!tokens.has(id)) {
        tokens.set(id, { issuedAt: clock(), expiresAt: clock() + expireSeconds * 1000 });
        if (tokens.size > 1) renewals++;
      }
      // Keep the map small: only the last few tokens matter.
      for (const key of [...tokens.keys()].slice(0, Math.max(0, tokens.size - 4))) tokens.delete(key);
    },
    /** A call went out with this token. */
    used(token: string): void {
      const id = fingerprint(token);
      const now = clock();
      const known = tokens.get(id);
      if (known && known.expiresAt <= now) expiredUses++;
      if (current !== null && current !== id) {
        const previous = tokens.get(current);
        if (previous) {
          const margin = previous.expiresAt - now;
          if (margin < 0) lateHandovers++;
          minHandoverMarginMs = minHandoverMarginMs === null ? margin : Math.min(minHandoverMarginMs, margin);
        }
      }
      current = id;
    },
    snapshot() {
      const now = clock();
      const token = current === null ? undefined : tokens.get(current);
      return {
        renewals,
        expiredUses,
        lateHandovers,
        minHandoverMarginMs,
        current: token ? { ageMs: now - token.issuedAt, expiresInMs: token.expiresAt - now } : null,
      };
    },
  };
}
