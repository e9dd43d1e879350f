import { findWrittenPeople } from '../../domain/find-written-people.js';
import type { RequestOrigin } from '../../domain/governed-request.js';
import { listOf, message } from '../../domain/i18n/message.js';
import { planWrite, type RecordWriteCommand } from '../../domain/plan-write.js';
import { findBase } from '../../domain/policy.js';
import { type AskOutcome, refused } from './ask-outcome.js';
import type { Asker, RequestPlace } from './asker.js';
import { auditDecision } from './audit-decision.js';
import { ambiguousMatches } from './create-table-resolver.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';
import type { RequestsDeps } from './requests-deps.js';

export type AskInput<C> = {
  command: C;
  asker: Asker;
  requestId: string;
  origin: RequestOrigin;
  /** Where the card goes; asked only once the request is about to open (an agent's intro is posted then). */
  place: () => Promise<RequestPlace>;
  /** Extra facts for `request.created`. */
  details?: Record<string, unknown>;
};

/**
 * create / update / delete (docs/product.md §2 steps 2–3), from chat or an agent: guard, read the current state,
 * compute the diff, check that every person it writes into a user field exists, then open the request
 * (stored with its scope hash and expiry, `request.created` audited, the diff card sent).
 */
export async function askForRecordWrite(
  input: AskInput<RecordWriteCommand>,
  deps: RequestsDeps,
): Promise<AskOutcome> {
  const { command, asker, requestId } = input;
  const policy = deps.policy();
  const base = findBase(policy, command.target.base);
  const resolved = base ? await deps.resolveTable(base.appToken, command.target.table) : undefined;
  const table = resolved?.table;
  const recordCount = command.kind === 'delete' ? command.recordIds.length : 1;
  const decision = await auditDecision(
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
        op: command.kind,
        recordCount,
      },
      { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
    ),
    asker.auditActor,
    {
      action: 'request-write',
      op: command.kind,
      base: command.target.base,
      table: command.target.table,
      records: recordCount,
    },
    requestId,
  );
  if (!decision.allow) return { kind: 'denied', decision };
  if (!base || !table)
    return refused(
      'notable',
      message('reply.no_table', { table: command.target.table, base: command.target.base }),
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
  if (!planned.ok) return refused('badplan', planned.error);
  // Lark refuses a person it does not know only at the write (1254066), after approval: ask it now.
  const people = findWrittenPeople(planned.plan);
  const unknown = people.length > 0 ? await deps.people.findUnknown(people.map((p) => p.openId)) : [];
  if (unknown.length > 0) {
    const named = people.filter((person) => unknown.includes(person.openId));
    return refused(
      'nobody',
      // Field names come from the Base (hostile), ids from the chat: inert; the rest is Larkgate's own.
      message(named.length === 1 ? 'reply.unknown_person' : 'reply.unknown_people', {
        people: listOf(
          named.map((person) => `${person.field}: ${person.openId}`),
          ', ',
        ),
      }),
    );
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
      ...(input.details ? { details: input.details } : {}),
    },
    deps,
  );
}
