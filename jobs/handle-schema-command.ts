import type { SchemaCommand } from '../src/domain/command.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import type { SchemaOp } from '../src/domain/governed-request.js';
import { planSchema } from '../src/domain/plan-schema.js';
import { findBase } from '../src/domain/policy.js';
import { auditDecision, type ChatDeps, denialText, reply } from './chat-context.js';
import { ambiguousMatches, matchTable } from './create-table-resolver.js';
import { openRequest, sendRequestCard } from './open-request.js';
import type { IncomingMessage } from './queue-names.js';
import { readGuardEvidence } from './read-guard-evidence.js';

const OPS: Record<SchemaCommand['kind'], SchemaOp> = {
  'table-create': 'table.create',
  'table-delete': 'table.delete',
  'field-create': 'field.create',
  'field-update': 'field.update',
  'field-delete': 'field.delete',
};

/**
 * table-create / table-delete / field-create / field-update / field-delete (product.md §3): guard (a
 * staging base, a temp-prefixed table), read the schema as it stands (fresh, not the cached table list),
 * plan the change, and open it as a request: the same dry-run card, approval and worker path as a record
 * write. Idempotent per chat message, like every write command.
 */
export async function handleSchemaCommand(
  command: SchemaCommand,
  message: IncomingMessage,
  deps: ChatDeps,
): Promise<void> {
  const policy = deps.policy();
  const requestId = deriveRequestId(message.messageId);
  const existing = await deps.requests.get(requestId);
  if (existing) return sendRequestCard(existing.request, deps);

  const op = OPS[command.kind];
  const base = findBase(policy, command.target.base);
  const schema = deps.schema;
  const tables = base && schema ? await schema.listTables(base.appToken) : [];
  const resolved = matchTable(tables, command.target.table);
  const table = resolved.table;
  const evidence = await readGuardEvidence(deps);
  const judge = (recordCount: number) =>
    auditDecision(
      deps,
      deps.decide(
        {
          action: 'request-schema',
          actor: { kind: 'user', openId: message.senderOpenId },
          chatId: message.chatId,
          chatType: message.chatType,
          base: command.target.base,
          table: table?.name ?? command.target.table,
          ...ambiguousMatches(resolved),
          op,
          recordCount,
        },
        { policy, now: deps.clock(), evidence },
      ),
      message.senderOpenId,
      {
        action: 'request-schema',
        op,
        base: command.target.base,
        table: command.target.table,
        records: recordCount,
      },
      requestId,
    );
  const first = await judge(0);
  if (!first.allow) return reply(deps, message, 'denied', denialText(first));
  if (!base || !schema)
    return reply(deps, message, 'noschema', 'Schema changes are not available in this worker.');

  const fields = table ? await schema.listFieldSpecs(base.appToken, table.tableId) : [];
  const planned = planSchema({
    command,
    base: { alias: base.alias, appToken: base.appToken },
    tables,
    fields,
  });
  if (!planned.ok) return reply(deps, message, 'badplan', planned.error);

  // A delete (or a type change) destroys data: it is backed up first, and bounded like a batch.
  const destroys = op === 'table.delete' || op === 'field.delete' || op === 'field.update';
  const records =
    destroys && table
      ? (await deps.reader.searchRecords(base.appToken, table.tableId, [], { max: 1 })).total
      : 0;
  if (records > 0) {
    const second = await judge(records);
    if (!second.allow) return reply(deps, message, 'denied', denialText(second));
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
      details: { records_backed_up: records },
    },
    deps,
  );
}
