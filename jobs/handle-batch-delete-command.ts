import { askForBatchDelete, type BatchDeleteCommand } from '../src/app/requests/ask-for-batch-delete.js';
import { userAsker } from '../src/app/requests/asker.js';
import { sendRequestCard } from '../src/app/requests/open-request.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import type { IncomingMessage } from './queue-names.js';
import { replyOutcome } from './reply-outcome.js';

/** `batch-delete` from chat: the use case (askForBatchDelete), idempotent per chat message. */
export async function handleBatchDeleteCommand(
  command: BatchDeleteCommand,
  message: IncomingMessage,
  deps: RequestsDeps,
): Promise<void> {
  const requestId = deriveRequestId(message.messageId);
  const existing = await deps.requests.get(requestId);
  if (existing) return sendRequestCard(existing.request, deps);
  const outcome = await askForBatchDelete(
    {
      command,
      asker: userAsker(message.senderOpenId, message.chatId, message.chatType),
      requestId,
      origin: { kind: 'chat' },
      place: async () => ({ chatId: message.chatId, sourceMessageId: message.messageId }),
    },
    deps,
  );
  await replyOutcome(outcome, message, deps);
}
