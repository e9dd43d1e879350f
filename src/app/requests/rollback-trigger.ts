/**
 * Who asks for a rollback and where the answer goes: the chat message, the card's Roll back button (its
 * job data, jobs/queue-names.ts RollbackTrigger, has this shape), the CLI, or an agent.
 */
export type RollbackTrigger = {
  requestId: string;
  requester: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  /** The card replies to this message (the chat message that asked, or the original request's card). */
  sourceMessageId: string;
  /** Names this ask: the same trigger never opens two rollback requests. */
  triggerId: string;
};
