import { chatText, joinChatText } from '../src/domain/chat-text.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import { findWrittenPeople } from '../src/domain/find-written-people.js';
import { planWrite, type RecordWriteCommand } from '../src/domain/plan-write.js';
import { findBase } from '../src/domain/policy.js';
import { auditDecision, type ChatDeps, denialText, reply } from './chat-context.js';
import { ambiguousMatches } from './create-table-resolver.js';
import { openRequest, sendRequestCard } from './open-request.js';
import type { IncomingMessage } from './queue-names.js';
import { readGuardEvidence } from './read-guard-evidence.js';

/**
 * create / update / delete (product.md §2 steps 2–3): guard, read the current state, compute the diff,
 * check that every person it writes into a user field exists, store the pending request with its scope hash and expiry, audit `request.created`, reply with the card.
 * Idempotent: the request id derives from the chat message, so a retried job re-sends the same card.
 */
export async function handleWriteCommand(
  command: RecordWriteCommand,
  message: IncomingMessage,
  deps: ChatDeps,
): Promise<void> {
  const policy = deps.policy();
  const requestId = deriveRequestId(message.messageId);
  const existing = await deps.requests.get(requestId);
  if (existing) return sendRequestCard(existing.request, deps);

  const base = findBase(policy, command.target.base);
  const resolved = base ? await deps.resolveTable(base.appToken, command.target.table) : undefined;
  const table = resolved?.table;
  const recordCount = command.kind === 'delete' ? command.recordIds.length : 1;
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'request-write',
        actor: { kind: 'user', openId: message.senderOpenId },
        chatId: message.chatId,
        chatType: message.chatType,
        base: command.target.base,
        table: table?.name ?? command.target.table,
        ...ambiguousMatches(resolved),
        op: command.kind,
        recordCount,
      },
      { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
    ),
    message.senderOpenId,
    {
      action: 'request-write',
      op: command.kind,
      base: command.target.base,
      table: command.target.table,
      records: recordCount,
    },
    requestId,
  );
  if (!decision.allow) return reply(deps, message, 'denied', denialText(decision));
  if (!base || !table)
    return reply(
      deps,
      message,
      'notable',
      `There is no table "${command.target.table}" in ${command.target.base}.`,
    );

  const fields = await deps.reader.listFields(base.appToken, table.tableId);
  const ids =
    command.kind === 'update' ? [command.recordId] : command.kind === 'delete' ? command.recordIds : [];
  const current =
    ids.length > 0
      ? (await deps.reader.getRecords(base.appToken, table.tableId, ids, fields)).records
      : new Map();
  const planned = planWrite({
    command,
    base: { alias: base.alias, appToken: base.appToken },
    table: { id: table.tableId, name: table.name },
    fields,
    current,
  });
  if (!planned.ok) return reply(deps, message, 'badplan', planned.error);
  // Lark refuses a person it does not know only at the write (1254066), after approval: ask it now.
  const people = findWrittenPeople(planned.plan);
  const unknown = people.length > 0 ? await deps.people.findUnknown(people.map((p) => p.openId)) : [];
  if (unknown.length > 0) {
    const named = people.filter((person) => unknown.includes(person.openId));
    return reply(
      deps,
      message,
      'nobody',
      // Field names come from the Base (hostile), ids from the chat: inert; the rest is Larkgate's own.
      chatText`${joinChatText(
        named.map((person) => chatText`${person.field}: ${person.openId}`),
        ', ',
      )} ${named.length === 1 ? 'is' : 'are'} nobody Lark knows in this organisation. @mention the person in your message instead; nothing was asked for.`,
    );
  }

  await openRequest(
    {
      requestId,
      plan: planned.plan,
      origin: { kind: 'chat' },
      base,
      requester: message.senderOpenId,
      chatId: message.chatId,
      sourceMessageId: message.messageId,
    },
    deps,
  );
}
