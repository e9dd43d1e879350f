import { askForSchemaChange } from '../src/app/requests/ask-for-schema-change.js';
import { userAsker } from '../src/app/requests/asker.js';
import { sendRequestCard } from '../src/app/requests/open-request.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import type { SchemaCommand } from '../src/domain/command.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import type { IncomingMessage } from './queue-names.js';
import { replyOutcome } from './reply-outcome.js';

/** Schema commands from chat: the use case (askForSchemaChange), idempotent per chat message. */
export async function handleSchemaCommand(
  command: SchemaCommand,
  message: IncomingMessage,
  deps: RequestsDeps,
): Promise<void> {
  const requestId = deriveRequestId(message.messageId);
  const existing = await deps.requests.get(requestId);
  if (existing) return sendRequestCard(existing.request, deps);
  const outcome = await askForSchemaChange(
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
