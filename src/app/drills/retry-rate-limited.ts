import { LarkCallFailed } from '../../ports/lark-call-failed.js';

/**
 * Runs a step that posts in chat again after Lark's per-chat rate limit (5 messages a second; the drill
 * posts several in a burst). Only for idempotent steps: the sends carry uuids, requests ids are derived.
 */
export async function retryRateLimited<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const failure = LarkCallFailed.of(error);
      if (failure?.reason !== 'rate_limited' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(failure.retryAfterMs ?? 1_000, 5_000)));
    }
  }
}
