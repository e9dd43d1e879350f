import { z } from 'zod';
import { parseDuration } from '../domain/parse-duration.js';

/**
 * `intake:` in larkgate.yaml: how much of the chat intake one person may take (issue 11 item 6). Each
 * requester has a token bucket (`burst` messages at once, refilled at `per_minute`); a message over it is
 * skipped, audited `tool.denied` (`requester_rate_limited`), and at most one polite reply per
 * `notice_every` says so. Read on every message, so a policy reload applies it at once.
 */
export const IntakeConfig = z.strictObject({
  per_requester: z
    .strictObject({
      /** Messages one person may send at once before the limit applies. */
      burst: z.number().int().min(1).max(100_000).default(20),
      /** The bucket refills at this many messages a minute. */
      per_minute: z.number().int().min(1).max(100_000).default(10),
      /** At most one "too many requests" reply per person in this window; the rest are skipped quietly. */
      notice_every: z
        .string()
        .refine((text) => parseDuration(text) !== undefined, {
          message: 'a duration looks like 90s, 30m, 2h or 7d',
        })
        .default('5m'),
    })
    .prefault({}),
});
export type IntakeConfig = z.infer<typeof IntakeConfig>;
