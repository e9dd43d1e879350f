import type { Execution } from '../../domain/governed-request.js';
import type { RequestStore, StoredRequest } from '../../ports/request-store.js';

/**
 * Persists a change to an executing request's execution record, compare-and-set against `stored` (the
 * request as this run last stored or read it), and answers the request as now stored; throws if it left
 * `executing`. When someone else changed the request meanwhile (a card's message id, say), it reads the
 * request afresh and applies the change to that. A run of saves (one per written chunk) so reads the
 * request once, not before every save: the request of a 10,000-record op is megabytes of JSON.
 */
export async function saveStep(
  stored: StoredRequest,
  change: Partial<Execution>,
  deps: { requests: RequestStore },
): Promise<StoredRequest> {
  const apply = (current: StoredRequest['request']) =>
    current.state === 'executing' && current.execution
      ? { ...current, execution: { ...current.execution, ...change } }
      : null;
  const next = apply(stored.request);
  const replaced = next ? await deps.requests.replace(stored, next) : null;
  if (replaced) return replaced;
  const updated = await deps.requests.update(stored.request.id, apply);
  if (updated?.state !== 'executing') throw new Error('request left the executing state unexpectedly');
  const fresh = await deps.requests.get(stored.request.id);
  if (!fresh) throw new Error('request left the executing state unexpectedly');
  return fresh;
}
