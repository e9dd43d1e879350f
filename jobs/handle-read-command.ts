import { buildRecordCard } from '../cards/build-record-card.js';
import { buildSearchCard } from '../cards/build-search-card.js';
import { userAsker } from '../src/app/requests/asker.js';
import { denialMessage } from '../src/app/requests/audit-decision.js';
import { type ReadQuery, readRecords } from '../src/app/requests/read-records.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { reply, replyCard } from './chat-context.js';
import type { IncomingMessage } from './queue-names.js';

/** `get` and `search` from chat: the use case (readRecords), answered with a record or search card. */
export async function handleReadCommand(
  command: ReadQuery,
  message: IncomingMessage,
  deps: RequestsDeps,
): Promise<void> {
  const outcome = await readRecords(
    command,
    userAsker(message.senderOpenId, message.chatId, message.chatType),
    deps,
  );
  switch (outcome.kind) {
    case 'denied':
      return reply(deps, message, 'denied', denialMessage(outcome.decision));
    case 'refused':
      return reply(deps, message, outcome.code, outcome.text);
    case 'record':
      await replyCard(
        deps,
        message,
        'get',
        buildRecordCard({
          target: outcome.target,
          recordId: outcome.recordId,
          fields: outcome.fields,
          cells: outcome.cells,
          stage: outcome.stage,
        }),
      );
      return;
    case 'records': {
      const query =
        command.kind === 'search'
          ? command.conditions.map((c) => `${c.field}=${c.value ?? '(empty)'}`).join(' ') || '(everything)'
          : '';
      await replyCard(
        deps,
        message,
        'search',
        buildSearchCard({
          target: outcome.target,
          query,
          fields: outcome.fields,
          records: outcome.records,
          total: outcome.total,
        }),
      );
      return;
    }
  }
}
