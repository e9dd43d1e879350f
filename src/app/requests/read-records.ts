import { buildSearchFilter } from '../../domain/build-search-filter.js';
import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import type { Command } from '../../domain/command.js';
import { convertChatValue } from '../../domain/convert-chat-value.js';
import type { Decision } from '../../domain/decision.js';
import { message } from '../../domain/i18n/message.js';
import { findBase } from '../../domain/policy.js';
import type { Stage } from '../../domain/tiers.js';
import type { RefusalText } from './ask-outcome.js';
import type { Asker } from './asker.js';
import { auditDecision } from './audit-decision.js';
import { ambiguousMatches } from './create-table-resolver.js';
import type { RequestsDeps } from './requests-deps.js';

export type ReadQuery = Extract<Command, { kind: 'get' | 'search' }>;

/** What a read came to: refused (by the guard, or why not), one record, or the records a search found. */
export type ReadOutcome =
  | { kind: 'denied'; decision: Decision }
  | { kind: 'refused'; code: string; text: RefusalText }
  | {
      kind: 'record';
      target: string;
      table: string;
      stage: Stage;
      fields: FieldMeta[];
      recordId: string;
      cells: Cells;
    }
  | {
      kind: 'records';
      target: string;
      table: string;
      stage: Stage;
      fields: FieldMeta[];
      records: { recordId: string; cells: Cells }[];
      total: number;
      truncated: boolean;
    };

/**
 * `get` and `search` (chat, or the agents' records_get / records_search): no approval, but guarded and
 * audited like everything else. Search values are converted by field type as in chat.
 */
export async function readRecords(
  query: ReadQuery,
  asker: Asker,
  deps: RequestsDeps,
  options: { max?: number } = {},
): Promise<ReadOutcome> {
  const policy = deps.policy();
  const base = findBase(policy, query.target.base);
  const resolved = base ? await deps.resolveTable(base.appToken, query.target.table) : undefined;
  const table = resolved?.table;
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'read',
        actor: asker.actor,
        chatId: asker.chatId,
        chatType: asker.chatType,
        base: query.target.base,
        table: table?.name ?? query.target.table,
        ...ambiguousMatches(resolved),
      },
      { policy, now: deps.clock() },
    ),
    asker.auditActor,
    { action: query.kind, base: query.target.base, table: query.target.table },
  );
  if (!decision.allow) return { kind: 'denied', decision };
  if (!base || !table)
    return {
      kind: 'refused',
      code: 'notable',
      text: message('reply.no_table', { table: query.target.table, base: query.target.base }),
    };
  const target = `${base.alias}/${table.name}`;
  const fields = await deps.reader.listFields(base.appToken, table.tableId);

  if (query.kind === 'get') {
    const { records } = await deps.reader.getRecords(base.appToken, table.tableId, [query.recordId], fields);
    const cells = records.get(query.recordId);
    if (!cells)
      return {
        kind: 'refused',
        code: 'notfound',
        text: message('reply.no_record', { id: query.recordId, target }),
      };
    return {
      kind: 'record',
      target,
      table: table.name,
      stage: base.stage,
      fields,
      recordId: query.recordId,
      cells,
    };
  }

  const conditions = [];
  for (const condition of query.conditions) {
    const field = fields.find((candidate) => candidate.name === condition.field);
    if (!field)
      return {
        kind: 'refused',
        code: 'badfield',
        text: message('reply.no_field', { target, field: condition.field }),
      };
    const converted = convertChatValue(field, condition.value);
    if (!converted.ok) return { kind: 'refused', code: 'badvalue', text: converted.error };
    conditions.push({ field: field.name, value: converted.value });
  }
  const filter = buildSearchFilter(fields, conditions);
  if (!filter.ok) return { kind: 'refused', code: 'badfilter', text: filter.error };
  const result = await deps.reader.searchRecords(base.appToken, table.tableId, fields, {
    ...(conditions.length > 0 ? { filter: filter.filter } : {}),
    max: Math.min(options.max ?? deps.searchMax, deps.searchMax),
  });
  return { kind: 'records', target, table: table.name, stage: base.stage, fields, ...result };
}
