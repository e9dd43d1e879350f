import { askForRecordWrite } from '../src/app/requests/ask-for-record-write.js';
import { userAsker } from '../src/app/requests/asker.js';
import { sendRequestCard } from '../src/app/requests/open-request.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import type { RecordWriteCommand } from '../src/domain/plan-write.js';
import type { IncomingMessage } from './queue-names.js';
import { replyOutcome } from './reply-outcome.js';

/**
 * create / update / delete from chat: the use case (askForRecordWrite) with the asker and the card's place
 * taken from the message. Idempotent: the request id derives from the chat message, so a retried job
 * re-sends the same card.
 */
export async function handleWriteCommand(
  command: RecordWriteCommand,
  message: IncomingMessage,
  deps: RequestsDeps,
): Promise<void> {
  const requestId = deriveRequestId(message.messageId);
  const existing = await deps.requests.get(requestId);
  if (existing) return sendRequestCard(existing.request, deps);
  const outcome = await askForRecordWrite(
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
