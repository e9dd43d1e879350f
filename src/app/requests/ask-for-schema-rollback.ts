import type { Cells } from '../../domain/cell-value.js';
import type { Actor } from '../../domain/guard.js';
import { message } from '../../domain/i18n/message.js';
import type { SchemaRequest } from '../../domain/is-records-request.js';
import { planSchemaRollback } from '../../domain/plan-schema-rollback.js';
import type { BasePolicy } from '../../domain/policy.js';
import type { RollbackTrigger } from '../../domain/rollback-trigger.js';
import { parseSchemaBackupDocument } from '../../domain/schema-backup-document.js';
import { BackupError } from '../../ports/backup-error.js';
import type { RefusalText } from './ask-outcome.js';
import { auditDecision, denialMessage } from './audit-decision.js';
import { describeOpenedRollback } from './describe-opened-rollback.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';
import { refuseUnusableBackup } from './refuse-unusable-backup.js';
import type { RequestsDeps } from './requests-deps.js';

export type SchemaRollbackInput = {
  trigger: RollbackTrigger;
  original: SchemaRequest;
  backupId: string;
  base: BasePolicy;
  /** The new request's id (derived from the trigger by askForRollback). */
  requestId: string;
  actor: Actor;
};

/**
 * The schema half of askForRollback: decrypt the schema backup, read the table as it stands (located by
 * the id it was created with, or by name for a deleted one), plan the inverse with its conflicts, guard it
 * like any schema request, and open it as a new request with origin rollback.
 */
export async function askForSchemaRollback(
  input: SchemaRollbackInput,
  deps: RequestsDeps,
  say: (text: RefusalText) => Promise<{ ok: boolean; text: string }>,
): Promise<{ ok: boolean; text: string; requestId?: string }> {
  const { original, trigger, base, backupId } = input;
  if (!deps.decryptBackup) {
    return say(message('reply.rollback.no_key'));
  }
  if (!deps.schema) return say(message('reply.no_schema'));
  let plaintext: Uint8Array;
  try {
    plaintext = await deps.decryptBackup(backupId);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    const context = { originalId: original.id, backupId, base: base.alias, requestId: input.requestId };
    return refuseUnusableBackup(error, { ...context, requester: trigger.requester }, deps, say);
  }
  const parsed = parseSchemaBackupDocument(new TextDecoder().decode(plaintext));
  if (!parsed.ok) return say(`Cannot roll back ${original.id}: backup ${backupId} is ${parsed.error}.`);

  const { plan } = original;
  const { appToken } = plan.base;
  const tables = await deps.schema.listTables(appToken);
  const createdId = original.execution?.schemaIds?.tableId ?? null;
  const table =
    plan.op === 'table.create'
      ? tables.find((t) => (createdId ? t.tableId === createdId : t.name === plan.table.name))
      : plan.op === 'table.delete'
        ? tables.find((t) => t.name === plan.table.name)
        : tables.find((t) => t.tableId === plan.table.id);
  const fields = table ? await deps.schema.listFieldSpecs(appToken, table.tableId) : [];
  const records = new Map<string, Cells>();
  if (table) {
    const metas = await deps.reader.listFields(appToken, table.tableId);
    const found = await deps.reader.searchRecords(appToken, table.tableId, metas, {
      max: deps.policy().batchDeleteMaxRecords + 1,
    });
    for (const record of found.records) records.set(record.recordId, record.cells);
  }
  const planned = planSchemaRollback({
    original,
    backup: parsed.document,
    tables,
    now: { table: table ?? null, fields },
    records,
  });
  if (!planned.ok) return say(message('reply.rollback.cannot', { id: original.id, why: planned.error }));

  const recordCount =
    planned.plan.restore?.records.length ?? (planned.plan.op.endsWith('.delete') ? records.size : 0);
  const policy = deps.policy();
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'request-schema',
        actor: input.actor,
        chatId: trigger.chatId,
        chatType: trigger.chatType,
        base: base.alias,
        table: planned.plan.table.name,
        op: planned.plan.op,
        recordCount,
      },
      { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
    ),
    trigger.requester,
    { action: 'rollback', rollback_of: original.id, op: planned.plan.op, records: recordCount },
    input.requestId,
  );
  if (!decision.allow) return say(denialMessage(decision));

  const opened = await openRequest(
    {
      requestId: input.requestId,
      plan: planned.plan,
      origin: { kind: 'rollback', of: original.id, backupId, conflicts: planned.conflicts },
      base,
      requester: trigger.requester,
      chatId: trigger.chatId,
      sourceMessageId: trigger.sourceMessageId,
      details: { notes: planned.notes },
    },
    deps,
  );
  return describeOpenedRollback(opened, original.id);
}
