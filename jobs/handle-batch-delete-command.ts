import { buildSearchFilter } from '../src/domain/build-search-filter.js';
import type { Cells } from '../src/domain/cell-value.js';
import type { Command } from '../src/domain/command.js';
import { convertChatValue } from '../src/domain/convert-chat-value.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import { findUnmarked } from '../src/domain/find-unmarked.js';
import { findBase } from '../src/domain/policy.js';
import { auditDecision, type ChatDeps, denialText, reply } from './chat-context.js';
import { ambiguousMatches } from './create-table-resolver.js';
import { openRequest, sendRequestCard } from './open-request.js';
import type { IncomingMessage } from './queue-names.js';
import { readGuardEvidence } from './read-guard-evidence.js';

type BatchDeleteCommand = Extract<Command, { kind: 'batch-delete' }>;

/**
 * `batch-delete <base>/<table> <Field>=<value>` (product.md §3): find the matches, refuse when they exceed
 * the ceiling (lark-api-limits.yaml) or when any lacks the base's marker (naming them), else open a request
 * whose card lists what would be deleted. Executed later in Lark-sized chunks after one consolidated backup.
 */
export async function handleBatchDeleteCommand(
  command: BatchDeleteCommand,
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
  const judge = async (recordCount: number, unmarked?: readonly string[]) =>
    auditDecision(
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
          op: 'batch-delete',
          recordCount,
          ...(unmarked ? { unmarked } : {}),
        },
        { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
      ),
      message.senderOpenId,
      {
        action: 'request-write',
        op: 'batch-delete',
        base: command.target.base,
        table: command.target.table,
        records: recordCount,
      },
      requestId,
    );
  const first = await judge(0);
  if (!first.allow) return reply(deps, message, 'denied', denialText(first));
  if (!base || !table)
    return reply(
      deps,
      message,
      'notable',
      `There is no table "${command.target.table}" in ${command.target.base}.`,
    );

  const fields = await deps.reader.listFields(base.appToken, table.tableId);
  const field = fields.find((candidate) => candidate.name === command.condition.field);
  if (!field)
    return reply(
      deps,
      message,
      'badfield',
      `${base.alias}/${table.name} has no field "${command.condition.field}".`,
    );
  const value = convertChatValue(field, command.condition.value);
  if (!value.ok) return reply(deps, message, 'badvalue', value.error);
  const filter = buildSearchFilter(fields, [{ field: field.name, value: value.value }]);
  if (!filter.ok) return reply(deps, message, 'badfilter', filter.error);
  const found = await deps.reader.searchRecords(base.appToken, table.tableId, fields, {
    ...(filter.filter ? { filter: filter.filter } : {}),
    max: policy.batchDeleteMaxRecords + 1,
  });
  if (found.total === 0)
    return reply(
      deps,
      message,
      'nomatch',
      `No record in ${base.alias}/${table.name} has ${field.name}=${command.condition.value ?? '(empty)'}.`,
    );

  const unmarked = base.marker ? findUnmarked(found.records, fields, base.marker) : [];
  const second = await judge(Math.max(found.total, found.records.length), unmarked);
  if (!second.allow) return reply(deps, message, 'denied', denialText(second));

  await openRequest(
    {
      requestId,
      plan: {
        kind: 'records',
        op: 'batch-delete',
        base: { alias: base.alias, appToken: base.appToken },
        table: { id: table.tableId, name: table.name },
        fields: fields.map((f) => ({
          fieldId: f.fieldId,
          name: f.name,
          type: f.type,
          options: f.options,
          isPrimary: f.isPrimary,
        })),
        changes: found.records.map((record) => ({
          recordId: record.recordId,
          before: record.cells as Cells,
          after: null,
        })),
      },
      origin: { kind: 'chat' },
      base,
      requester: message.senderOpenId,
      chatId: message.chatId,
      sourceMessageId: message.messageId,
      details: { condition: `${field.name}=${command.condition.value ?? ''}` },
    },
    deps,
  );
}
