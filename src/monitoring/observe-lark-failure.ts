import type { Observation } from '../domain/alert.js';
import { LarkCallFailed } from '../ports/lark-call-failed.js';

/** Lark's answers that mean "throttled" rather than "down" (docs/reference/lark-api.md §2.5). */
const THROTTLED = new Set([99991400, 1254290]);

/**
 * A failed Lark call as observations: throttling is its own condition (`lark.rate_limited`, with another
 * runbook), and explains the failure of `key`; anything else fails `key` with the error's safe summary.
 */
export function observeLarkFailure(
  key: string,
  error: unknown,
  causes: readonly string[] = [],
): Observation[] {
  const failure = LarkCallFailed.of(error);
  const throttled =
    failure !== null &&
    failure.reason !== 'egress_denied' &&
    failure.batch === undefined &&
    (failure.reason === 'rate_limited' ||
      failure.httpStatus === 429 ||
      (failure.code !== null && THROTTLED.has(failure.code)));
  const detail = describeLarkError(error);
  if (throttled) {
    return [
      { key: 'lark.rate_limited', status: 'failing', detail: `${detail} (while: ${key})` },
      { key, status: 'failing', detail, causes: ['lark.rate_limited', ...causes] },
    ];
  }
  return [{ key, status: 'failing', detail, causes: [...causes] }];
}

/** A short, secret-free account of a failure, for cards and logs. */
export function describeLarkError(error: unknown): string {
  const failure = LarkCallFailed.of(error);
  if (failure && failure.reason !== 'egress_denied' && failure.batch === undefined) {
    return `${failure.endpointId}: ${failure.reason}, HTTP ${failure.httpStatus || 'no answer'}, code ${failure.code ?? 'none'}${failure.msg ? ` (${failure.msg.slice(0, 120)})` : ''}`;
  }
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
