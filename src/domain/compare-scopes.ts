/** One scope Larkgate needs, checked against what the tenant granted. */
export type ScopeCheck = { scope: string; status: 'granted' | 'missing'; via?: string };
export type ScopeComparison = { needed: ScopeCheck[]; extra: string[] };

/** A broader scope that covers a narrower one (Lark lists both as accepted for the same calls). */
const COVERED_BY: Readonly<Record<string, readonly string[]>> = {
  'bitable:app:readonly': ['bitable:app'],
  'im:message:send_as_bot': ['im:message'],
  'im:chat:readonly': ['im:chat'],
};

/**
 * Needed vs. granted: each needed scope is granted itself, covered by a broader granted one (`via`), or
 * missing; `extra` lists granted scopes nothing needs (candidates to remove, least privilege).
 */
export function compareScopes(needed: readonly string[], granted: readonly string[]): ScopeComparison {
  const grantedSet = new Set(granted);
  const used = new Set<string>();
  const checks = needed.map((scope): ScopeCheck => {
    if (grantedSet.has(scope)) {
      used.add(scope);
      return { scope, status: 'granted' };
    }
    const via = (COVERED_BY[scope] ?? []).find((broader) => grantedSet.has(broader));
    if (via) {
      used.add(via);
      return { scope, status: 'granted', via };
    }
    return { scope, status: 'missing' };
  });
  return { needed: checks, extra: granted.filter((scope) => !used.has(scope) && !needed.includes(scope)) };
}
