import { buildRecordCard } from '../cards/build-record-card.js';
import { buildSearchCard } from '../cards/build-search-card.js';
import { buildSearchFilter } from '../src/domain/build-search-filter.js';
import type { Command } from '../src/domain/command.js';
import { convertChatValue } from '../src/domain/convert-chat-value.js';
import { findBase } from '../src/domain/policy.js';
import { auditDecision, type ChatDeps, denialText, reply, replyCard } from './chat-context.js';
import { ambiguousMatches } from './create-table-resolver.js';
import type { IncomingMessage } from './queue-names.js';

type ReadCommand = Extract<Command, { kind: 'get' | 'search' }>;

/** `get` and `search`: no approval, but guarded and audited like everything else. */
export async function handleReadCommand(
  command: ReadCommand,
  message: IncomingMessage,
  deps: ChatDeps,
): Promise<void> {
  const policy = deps.policy();
  const base = findBase(policy, command.target.base);
  const resolved = base ? await deps.resolveTable(base.appToken, command.target.table) : undefined;
  const table = resolved?.table;
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'read',
        actor: { kind: 'user', openId: message.senderOpenId },
        chatId: message.chatId,
        chatType: message.chatType,
        base: command.target.base,
        table: table?.name ?? command.target.table,
        ...ambiguousMatches(resolved),
      },
      { policy, now: deps.clock() },
    ),
    message.senderOpenId,
    { action: command.kind, base: command.target.base, table: command.target.table },
  );
  if (!decision.allow) return reply(deps, message, 'denied', denialText(decision));
  if (!base || !table)
    return reply(
      deps,
      message,
      'notable',
      `There is no table "${command.target.table}" in ${command.target.base}.`,
    );
  const target = `${base.alias}/${table.name}`;
  const fields = await deps.reader.listFields(base.appToken, table.tableId);

  if (command.kind === 'get') {
    const { records } = await deps.reader.getRecords(
      base.appToken,
      table.tableId,
      [command.recordId],
      fields,
    );
    const cells = records.get(command.recordId);
    if (!cells) return reply(deps, message, 'notfound', `No record ${command.recordId} in ${target}.`);
    await replyCard(
      deps,
      message,
      'get',
      buildRecordCard({ target, recordId: command.recordId, fields, cells, stage: base.stage }),
    );
    return;
  }

  const conditions = [];
  for (const condition of command.conditions) {
    const field = fields.find((candidate) => candidate.name === condition.field);
    if (!field) return reply(deps, message, 'badfield', `${target} has no field "${condition.field}".`);
    const converted = convertChatValue(field, condition.value);
    if (!converted.ok) return reply(deps, message, 'badvalue', converted.error);
    conditions.push({ field: field.name, value: converted.value });
  }
  const filter = buildSearchFilter(fields, conditions);
  if (!filter.ok) return reply(deps, message, 'badfilter', filter.error);
  const result = await deps.reader.searchRecords(base.appToken, table.tableId, fields, {
    ...(conditions.length > 0 ? { filter: filter.filter } : {}),
    max: deps.searchMax,
  });
  const query =
    command.conditions.map((c) => `${c.field}=${c.value ?? '(empty)'}`).join(' ') || '(everything)';
  await replyCard(
    deps,
    message,
    'search',
    buildSearchCard({ target, query, fields, records: result.records, total: result.total }),
  );
}
