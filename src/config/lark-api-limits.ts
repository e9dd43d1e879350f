import { z } from 'zod';

const Source = z
  .string()
  .min(1, { message: 'every figure needs its source (a doc URL or "Larkgate policy: why")' });

/** `lark-api-limits.yaml`: per-endpoint rate limits and batch ceilings, each with its source. */
export const LarkApiLimits = z.strictObject({
  version: z.literal(1),
  rate_limits: z.record(
    z.string(),
    z
      .strictObject({
        per_second: z.number().int().min(1).optional(),
        per_minute: z.number().int().min(1).optional(),
        source: Source,
      })
      .refine((limit) => limit.per_second !== undefined || limit.per_minute !== undefined, {
        message: 'give per_second, per_minute or both',
      }),
  ),
  batch: z.strictObject({
    record_batch_get: z.strictObject({ max: z.number().int().min(1).max(100), source: Source }),
    record_batch_create: z.strictObject({ max: z.number().int().min(1).max(1000), source: Source }),
    record_batch_update: z.strictObject({ max: z.number().int().min(1).max(1000), source: Source }),
    record_batch_delete: z.strictObject({ max: z.number().int().min(1).max(500), source: Source }),
    search_page_size: z.strictObject({ max: z.number().int().min(1).max(500), source: Source }),
  }),
  requests: z.strictObject({
    batch_delete_max_records: z.strictObject({ max: z.number().int().min(1), source: Source }),
  }),
  retry: z.strictObject({
    max_rate_limit_wait_seconds: z.strictObject({ max: z.number().int().min(1).max(3600), source: Source }),
  }),
});
export type LarkApiLimits = z.infer<typeof LarkApiLimits>;
