import { askForRollback } from '../src/app/requests/ask-for-rollback.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { chatTextFromLarkgate } from '../src/domain/chat-text.js';
import { buildHelpText } from '../src/domain/help-text.js';
import { message as catalogueMessage, verbatim } from '../src/domain/i18n/message.js';
import { parseCommand } from '../src/domain/parse-command.js';
import { replyLocale } from '../src/domain/reply-locale.js';
import { reply } from './chat-context.js';
import { handleBatchDeleteCommand } from './handle-batch-delete-command.js';
import { handleReadCommand } from './handle-read-command.js';
import { handleSchemaCommand } from './handle-schema-command.js';
import { handleStatusCommand } from './handle-status-command.js';
import { handleWriteCommand } from './handle-write-command.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * Processes one chat message addressed to the bot: parse the command, then read, plan a write, or
 * answer help/status (status is a guarded, audited read). Malformed input gets a helpful reply and
 * nothing else happens.
 */
export async function handleChatMessage(message: IncomingMessage, deps: RequestsDeps): Promise<void> {
  if (message.chatType === 'group' && !message.mentionedBot) return;
  if (message.text === null) {
    return reply(deps, message, 'nontext', catalogueMessage('reply.nontext'));
  }
  const parsed = parseCommand(message.text);
  if (!parsed.ok) {
    return reply(
      deps,
      message,
      'parse',
      parsed.usage
        ? catalogueMessage('reply.parse.with_usage', { error: parsed.error, usage: verbatim(parsed.usage) })
        : parsed.error,
    );
  }
  const { command } = parsed;
  switch (command.kind) {
    case 'help': {
      const policy = deps.policy();
      const bases = policy.bases.map((base) => ({
        alias: base.alias,
        tables: [...base.tables],
        stage: base.stage,
      }));
      // Help is Larkgate's own text (its placeholders like <base> kept); it makes the topic it echoes inert.
      // It is in the asker's configured language (chats.user_locales, chats.locale; default en_us).
      const locale = replyLocale(policy, message.senderOpenId);
      return reply(deps, message, 'help', chatTextFromLarkgate(buildHelpText(command.topic, bases, locale)));
    }
    case 'get':
    case 'search':
      return handleReadCommand(command, message, deps);
    case 'create':
    case 'update':
    case 'delete':
      return handleWriteCommand(command, message, deps);
    case 'status':
      return handleStatusCommand(command.requestId, message, deps);
    case 'batch-delete':
      return handleBatchDeleteCommand(command, message, deps);
    case 'table-create':
    case 'table-delete':
    case 'field-create':
    case 'field-update':
    case 'field-delete':
      return handleSchemaCommand(command, message, deps);
    case 'rollback':
      await askForRollback(
        {
          requestId: command.requestId,
          requester: message.senderOpenId,
          chatId: message.chatId,
          chatType: message.chatType,
          sourceMessageId: message.messageId,
          triggerId: message.messageId,
        },
        deps,
      );
      return;
  }
}
