import { z } from 'zod';

/** Someone asked to roll back an applied request: from chat, the card's button or the CLI. */
export const RollbackTrigger = z.object({
  requestId: z.string().regex(/^req_[a-z2-7]{12}$/),
  requester: z.string(),
  chatId: z.string(),
  chatType: z.enum(['group', 'p2p']),
  /** The card replies to this message (the chat message that asked, or the original request's card). */
  sourceMessageId: z.string(),
  /** Names this ask: the same trigger never opens two rollback requests. */
  triggerId: z.string(),
});
export type RollbackTrigger = z.infer<typeof RollbackTrigger>;
