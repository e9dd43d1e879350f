/** Why a chat delivery failed, as the adapter classified it. */
export type DeliveryFailure = {
  /** `permanent`: no retry can cure it (message deleted, bot removed from the chat, not allowlisted). */
  kind: 'retryable' | 'permanent';
  /** How long Lark asked us to wait (a rate limit), when it said. */
  retryAfterMs?: number;
  why: string;
};

export type DeliveryRetry = { kind: 'retry'; afterMs: number } | { kind: 'drop'; reason: string };

/** Backoff between attempts: 1 s, doubling, at most 5 minutes (well inside the uuid's 1 h de-dup window). */
export const DELIVERY_BACKOFF_MS = { first: 1_000, max: 5 * 60_000 } as const;
/** A delivery still failing after a day is given up (audited): the outbox does not grow forever. */
export const DELIVERY_GIVE_UP_MS = 24 * 3600_000;

/**
 * What to do after a failed delivery: a permanent failure is dropped at once; a retryable one backs off
 * exponentially (never sooner than Lark's own reset), until it has failed for a day.
 */
export function decideDeliveryRetry(
  failure: DeliveryFailure,
  attempts: number,
  ageMs: number,
): DeliveryRetry {
  if (failure.kind === 'permanent') return { kind: 'drop', reason: failure.why };
  if (ageMs >= DELIVERY_GIVE_UP_MS)
    return { kind: 'drop', reason: `still failing after a day: ${failure.why}` };
  const backoff = Math.min(
    DELIVERY_BACKOFF_MS.first * 2 ** Math.max(0, attempts - 1),
    DELIVERY_BACKOFF_MS.max,
  );
  return { kind: 'retry', afterMs: Math.max(backoff, failure.retryAfterMs ?? 0) };
}
