import { z } from 'zod';
import { RollbackTrigger } from '../src/domain/rollback-trigger.js';

/**
 * Queue names and job data, in one file. Job data never holds a secret, and a live op's job carries only
 * the request id: the approved change lives in the request store, bound by its scope hash.
 */
export const INTAKE_QUEUE = 'intake';
export const MAINTENANCE_QUEUE = 'maintenance';

/** One queue per base, run with global concurrency 1: at most one in-flight write per Base. */
export function liveOpQueueName(baseAlias: string): string {
  return `live-${baseAlias}`;
}

export const IncomingMessage = z.object({
  eventId: z.string(),
  messageId: z.string(),
  chatId: z.string(),
  chatType: z.enum(['group', 'p2p']),
  senderOpenId: z.string(),
  text: z.string().nullable(),
  mentionedBot: z.boolean(),
  createTimeMs: z.number(),
});
export type IncomingMessage = z.infer<typeof IncomingMessage>;

/**
 * The one polite reply a requester gets when their messages go over `intake.per_requester` (per notice
 * window): the message it answers and the limits in force, to say them.
 */
export const LimitNotice = z.object({
  messageId: z.string(),
  chatId: z.string(),
  requester: z.string(),
  burst: z.number().int(),
  perMinute: z.number().int(),
  noticeEveryMs: z.number().int(),
});
export type LimitNotice = z.infer<typeof LimitNotice>;

export const IntakeJob = z.union([
  z.object({ message: IncomingMessage }),
  z.object({ rollback: RollbackTrigger }),
  z.object({ notice: LimitNotice }),
]);
export type IntakeJob = z.infer<typeof IntakeJob>;

export const LiveOpJob = z.object({ requestId: z.string().regex(/^req_[a-z2-7]{12}$/) });
export type LiveOpJob = z.infer<typeof LiveOpJob>;

export const MaintenanceJob = z.object({ task: z.enum(['expire-requests', 'requeue-approved']) });
export type MaintenanceJob = z.infer<typeof MaintenanceJob>;
