import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import { RetryLater } from '../retry-later.js';

/**
 * Runs a read; a Lark failure a retry may cure (`retryable`: throttled, busy, transient) becomes RetryLater,
 * carrying Lark's reset if it named one. Everything else is rethrown as it is: a permanent refusal (auth,
 * permission, not found …) ends the request at once instead of being retried for half an hour, and an
 * `ambiguous` failure is not retryable (src/lark/is-retryable.ts): it goes back to the job's own retries.
 */
export async function readOrRetry<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const failure = LarkCallFailed.of(error);
    if (failure?.kind === 'retryable') {
      throw new RetryLater(`Lark read ${failure.reason} on ${failure.endpointId}`, failure.retryAfterMs);
    }
    throw error;
  }
}
