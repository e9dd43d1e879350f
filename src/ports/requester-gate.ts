/** One requester's allowance (`intake.per_requester` in larkgate.yaml), in numbers. */
export type RequesterLimits = { burst: number; perMinute: number; noticeEveryMs: number };

/**
 * Admitted: queue it at this BullMQ priority (1 + the requester's messages already in flight, so someone
 * with nothing queued goes ahead of someone with many). Limited: skip it; `notify` is true for the first
 * skipped message in the notice window (it gets the one polite reply).
 */
export type Admission =
  | { admitted: true; priority: number }
  | { admitted: false; notify: boolean; retryAfterMs: number };

/** Per-requester token buckets and in-flight counts, shared by every bot and worker (src/store). */
export type RequesterGate = {
  admit(openId: string, limits: RequesterLimits): Promise<Admission>;
  /** One of this requester's admitted messages is done (completed, or failed for good). */
  release(openId: string): Promise<void>;
};
