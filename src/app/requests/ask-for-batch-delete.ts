import { buildSearchFilter } from '../../domain/build-search-filter.js';
import type { Cells } from '../../domain/cell-value.js';
import type { Command } from '../../domain/command.js';
import { convertChatValue } from '../../domain/convert-chat-value.js';
import { findUnmarked } from '../../domain/find-unmarked.js';
import { message } from '../../domain/i18n/message.js';
import { findBase } from '../../domain/policy.js';
import type { AskInput } from './ask-for-record-write.js';
import { type AskOutcome, refused } from './ask-outcome.js';
import { auditDecision } from './audit-decision.js';
import { ambiguousMatches } from './create-table-resolver.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';
import type { RequestsDeps } from './requests-deps.js';

export type BatchDeleteCommand = Extract<Command, { kind: 'batch-delete' }>;

/**
 * `batch-delete <base>/<table> <Field>=<value>` (docs/product.md §3), from chat or an agent: find the matches,
 * refuse when they exceed the ceiling (lark-api-limits.yaml) or when any lacks the base's marker (naming
 * them), else open a request whose card lists what would be deleted. Executed later in Lark-sized chunks
 * after one consolidated backup.
 */
export async function askForBatchDelete(
  input: AskInput<BatchDeleteCommand>,
  deps: RequestsDeps,
): Promise<AskOutcome> {
  const { command, asker, requestId } = input;
  const policy = deps.policy();
  const base = findBase(policy, command.target.base);
  const resolved = base ? await deps.resolveTable(base.appToken, command.target.table) : undefined;
  const table = resolved?.table;
  const judge = async (recordCount: number, unmarked?: readonly string[]) =>
    auditDecision(
      deps,
      deps.decide(
        {
          action: 'request-write',
          actor: asker.actor,
          chatId: asker.chatId,
          chatType: asker.chatType,
          base: command.target.base,
          table: table?.name ?? command.target.table,
          ...ambiguousMatches(resolved),
          op: 'batch-delete',
          recordCount,
          ...(unmarked ? { unmarked } : {}),
        },
        { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
      ),
      asker.auditActor,
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
  if (!first.allow) return { kind: 'denied', decision: first };
  if (!base || !table)
    return refused(
      'notable',
      message('reply.no_table', { table: command.target.table, base: command.target.base }),
    );

  const fields = await deps.reader.listFields(base.appToken, table.tableId);
  const field = fields.find((candidate) => candidate.name === command.condition.field);
  if (!field)
    return refused(
      'badfield',
      message('reply.no_field', { target: `${base.alias}/${table.name}`, field: command.condition.field }),
    );
  const value = convertChatValue(field, command.condition.value);
  if (!value.ok) return refused('badvalue', value.error);
  const filter = buildSearchFilter(fields, [{ field: field.name, value: value.value }]);
  if (!filter.ok) return refused('badfilter', filter.error);
  const found = await deps.reader.searchRecords(base.appToken, table.tableId, fields, {
    ...(filter.filter ? { filter: filter.filter } : {}),
    max: policy.batchDeleteMaxRecords + 1,
  });
  if (found.total === 0)
    return refused(
      'nomatch',
      command.condition.value === null
        ? message('reply.no_match_empty', { target: `${base.alias}/${table.name}`, field: field.name })
        : message('reply.no_match', {
            target: `${base.alias}/${table.name}`,
            condition: `${field.name}=${command.condition.value}`,
          }),
    );

  const unmarked = base.marker ? findUnmarked(found.records, fields, base.marker) : [];
  const second = await judge(Math.max(found.total, found.records.length), unmarked);
  if (!second.allow) return { kind: 'denied', decision: second };

  const place = await input.place();
  return openRequest(
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
      origin: input.origin,
      base,
      requester: asker.requester,
      chatId: place.chatId,
      sourceMessageId: place.sourceMessageId,
      details: { condition: `${field.name}=${command.condition.value ?? ''}`, ...input.details },
    },
    deps,
  );
}
