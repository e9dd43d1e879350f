import type { Execution } from '../../domain/governed-request.js';
import type { RequestStore, StoredRequest } from '../../ports/request-store.js';

/** Persists a change to an executing request's execution record; throws if it left `executing`. */
export async function saveStep(
  stored: StoredRequest,
  change: Partial<Execution>,
  deps: { requests: RequestStore },
): Promise<void> {
  const updated = await deps.requests.update(stored.request.id, (current) =>
    current.state === 'executing' && current.execution
      ? { ...current, execution: { ...current.execution, ...change } }
      : null,
  );
  if (updated?.state !== 'executing') throw new Error('request left the executing state unexpectedly');
}
