import { z } from 'zod';
import { AuditCheckpoint } from './audit-checkpoint.js';

/**
 * What the checkpoint anchor (outside the log: a Redis hash, one field per chain) holds for a chain: its
 * newest signed checkpoint, which sinks took the `audit.checkpoint` event carrying it, the stream entry id
 * of that event, and whether it was the chain's last (written on clean shutdown). Only `checkpoint` is
 * signed; the rest is bookkeeping for `audit verify` (which sinks to hold to it) and for trimming.
 */
export const AuditAnchorRecord = z.strictObject({
  checkpoint: AuditCheckpoint,
  sinks: z.array(z.string().min(1)).max(8),
  stream_id: z
    .string()
    .regex(/^\d+-\d+$/)
    .nullable(),
  final: z.boolean(),
});
export type AuditAnchorRecord = z.infer<typeof AuditAnchorRecord>;
