import { z } from 'zod';
import { parseDuration } from '../domain/parse-duration.js';

/**
 * `drills:` in larkgate.yaml: the scheduled rollback drill (a BullMQ job scheduler in `larkgate worker`).
 * `every` is how often (at least 1h); `base` the staging base it runs on (checked against `bases`).
 * Absent: no scheduled drill (`larkgate drill --once` still runs one).
 */
export const DrillsConfig = z.strictObject({
  every: z.string().refine((text) => (parseDuration(text) ?? 0) >= 3_600_000, {
    message: 'an interval of at least 1h, like 24h or 7d',
  }),
  base: z.string().min(1),
});
export type DrillsConfig = z.infer<typeof DrillsConfig>;
