import type { Audit } from '../src/ports/audit.js';
import type { RequesterGate, RequesterLimits } from '../src/ports/requester-gate.js';
import type { IncomingMessage, LimitNotice } from './queue-names.js';

export type AdmitDeps = {
  gate: RequesterGate;
  /** The limits in force (read per message: a policy reload applies at once). */
  limits: () => RequesterLimits;
  enqueueMessage: (message: IncomingMessage, priority: number) => Promise<void>;
  enqueueNotice: (notice: LimitNotice) => Promise<void>;
  audit: Audit;
};

/**
 * Admission to the chat intake (issue 11 item 6), between the events route and the queue: one person
 * cannot hold up everyone. Within their allowance a message is queued at a priority that puts people with
 * few messages in flight first; over it, the message is skipped and audited `tool.denied`
 * (`requester_rate_limited`), and only the first skipped one in the notice window queues the polite reply.
 * A failure throws, so the route answers 503 and Lark pushes the message again.
 */
export async function admitChatMessage(message: IncomingMessage, deps: AdmitDeps): Promise<void> {
  // Not addressed to the bot (handleChatMessage ignores it too): it spends no allowance and takes no place.
  if (message.chatType === 'group' && !message.mentionedBot) return;
  const limits = deps.limits();
  const admission = await deps.gate.admit(message.senderOpenId, limits);
  if (admission.admitted) {
    try {
      await deps.enqueueMessage(message, admission.priority);
    } catch (error) {
      await deps.gate.release(message.senderOpenId).catch(() => undefined);
      throw error;
    }
    return;
  }
  await deps.audit({
    type: 'tool.denied',
    actor: message.senderOpenId,
    requestId: null,
    details: {
      action: 'intake',
      message_id: message.messageId,
      chat_id: message.chatId,
      reason: 'requester_rate_limited',
      notified: admission.notify,
      retry_after_ms: admission.retryAfterMs,
      denials: [
        {
          code: 'requester_rate_limited',
          message: `over ${limits.burst} messages at once or ${limits.perMinute} a minute from one person`,
        },
      ],
    },
  });
  if (admission.notify)
    await deps.enqueueNotice({
      messageId: message.messageId,
      chatId: message.chatId,
      requester: message.senderOpenId,
      ...limits,
    });
}
