import type { SchemaCommand } from '../../domain/command.js';
import type { SchemaOp } from '../../domain/governed-request.js';
import { message } from '../../domain/i18n/message.js';
import { planSchema } from '../../domain/plan-schema.js';
import { findBase } from '../../domain/policy.js';
import type { AskInput } from './ask-for-record-write.js';
import { type AskOutcome, refused } from './ask-outcome.js';
import { auditDecision } from './audit-decision.js';
import { ambiguousMatches, matchTable } from './create-table-resolver.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';
import type { RequestsDeps } from './requests-deps.js';

const OPS: Record<SchemaCommand['kind'], SchemaOp> = {
  'table-create': 'table.create',
  'table-delete': 'table.delete',
  'field-create': 'field.create',
  'field-update': 'field.update',
  'field-delete': 'field.delete',
};

/**
 * table-create / table-delete / field-create / field-update / field-delete (docs/product.md §3): guard (a
 * staging base, a temp-prefixed table), read the schema as it stands (fresh, not the cached table list),
 * plan the change, and open it as a request: the same dry-run card, approval and worker path as a record
 * write.
 */
export async function askForSchemaChange(
  input: AskInput<SchemaCommand>,
  deps: RequestsDeps,
): Promise<AskOutcome> {
  const { command, asker, requestId } = input;
  const policy = deps.policy();

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
          actor: asker.actor,
          chatId: asker.chatId,
          chatType: asker.chatType,
          base: command.target.base,
          table: table?.name ?? command.target.table,
          ...ambiguousMatches(resolved),
          op,
          recordCount,
        },
        { policy, now: deps.clock(), evidence },
      ),
      asker.auditActor,
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
  if (!first.allow) return { kind: 'denied', decision: first };
  if (!base || !schema) return refused('noschema', message('reply.no_schema'));

  const fields = table ? await schema.listFieldSpecs(base.appToken, table.tableId) : [];
  const planned = planSchema({
    command,
    base: { alias: base.alias, appToken: base.appToken },
    tables,
    fields,
  });
  if (!planned.ok) return refused('badplan', planned.error);

  // A delete (or a type change) destroys data: it is backed up first, and bounded like a batch.
  const destroys = op === 'table.delete' || op === 'field.delete' || op === 'field.update';
  const records =
    destroys && table
      ? (await deps.reader.searchRecords(base.appToken, table.tableId, [], { max: 1 })).total
      : 0;
  if (records > 0) {
    const second = await judge(records);
    if (!second.allow) return { kind: 'denied', decision: second };
  }

  const place = await input.place();
  return openRequest(
    {
      requestId,
      plan: planned.plan,
      origin: input.origin,
      base,
      requester: asker.requester,
      chatId: place.chatId,
      sourceMessageId: place.sourceMessageId,
      details: { records_backed_up: records, ...input.details },
    },
    deps,
  );
}
