import type { Execution } from '../../domain/governed-request.js';
import type { RequestStore, StoredRequest } from '../../ports/request-store.js';

/**
 * Persists a change to an executing request's execution record and returns the request as now stored;
 * throws if it left `executing`. One compare-and-set against the request as last stored (what the step
 * started from, or its previous save); only if that lost a race is the request read again.
 */
export async function saveStep(
  stored: StoredRequest,
  change: Partial<Execution>,
  deps: { requests: RequestStore },
): Promise<StoredRequest> {
  const current = stored.request;
  if (current.state === 'executing' && current.execution) {
    const next = { ...current, execution: { ...current.execution, ...change } };
    if ((await deps.requests.transition(stored, next)) === 'written')
      return { request: next, raw: JSON.stringify(next) };
  }
  const updated = await deps.requests.update(stored.request.id, (latest) =>
    latest.state === 'executing' && latest.execution
      ? { ...latest, execution: { ...latest.execution, ...change } }
      : null,
  );
  if (updated?.state !== 'executing') throw new Error('request left the executing state unexpectedly');
  return { request: updated, raw: JSON.stringify(updated) };
}
