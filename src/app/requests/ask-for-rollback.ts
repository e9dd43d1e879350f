import type { BackupDocument } from '../../domain/build-backup-document.js';
import type { Cells } from '../../domain/cell-value.js';
import { deriveRequestId } from '../../domain/derive-request-id.js';
import { findUnmarked } from '../../domain/find-unmarked.js';
import { type Actor, DRILL_ACTOR } from '../../domain/guard.js';
import { message } from '../../domain/i18n/message.js';
import { isRecordsRequest, isSchemaRequest } from '../../domain/is-records-request.js';
import { planRollback } from '../../domain/plan-rollback.js';
import { findBase } from '../../domain/policy.js';
import { replyLocale } from '../../domain/reply-locale.js';
import type { RollbackTrigger } from '../../domain/rollback-trigger.js';
import { BackupError } from '../../ports/backup-error.js';
import { askForSchemaRollback } from './ask-for-schema-rollback.js';
import { type RefusalText, refusalChatText, refusalInEnglish } from './ask-outcome.js';
import { auditDecision, denialMessage } from './audit-decision.js';
import { describeOpenedRollback } from './describe-opened-rollback.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';
import { refuseUnusableBackup } from './refuse-unusable-backup.js';
import type { RequestsDeps } from './requests-deps.js';
import { uuidFor } from './uuid-for.js';

/**
 * Prepares the rollback of an applied request (docs/product.md §2 step 7), from chat (`rollback <id>`), the
 * card's Roll back button or `larkgate rollback`: decrypt its backup, build the inverse ops, show the
 * conflicts if the target moved since, and open it as a new request — the same dry run, approval and
 * worker path as any write. Returns what was done, in words. A schema change is undone from its schema
 * backup (ask-for-schema-rollback.ts). `drill`: the rollback is a step of a rollback drill; the drill runner
 * asks (as a system actor) and approves it itself (guard: drill-approve).
 */
export async function askForRollback(
  trigger: RollbackTrigger,
  deps: RequestsDeps,
  drill?: { drillId: string },
  /** An agent asks (rollback_request), on behalf of `trigger.requester`; judged without a chat. */
  agent?: { id: string },
): Promise<{ ok: boolean; text: string; requestId?: string }> {
  const say = async (text: RefusalText, ok = false) => {
    // A message is said in the asker's language; a plain string quotes the id asked for or Base values:
    // inert as a whole. The CLI and MCP get it in English.
    await deps.chat.replyText(
      trigger.sourceMessageId,
      refusalChatText(text, replyLocale(deps.policy(), trigger.requester)),
      { uuid: uuidFor(trigger.triggerId, 'rollback'), chatId: trigger.chatId },
    );
    return { ok, text: refusalInEnglish(text) };
  };
  const stored = await deps.requests.get(trigger.requestId);
  if (!stored) return say(message('reply.no_request', { id: trigger.requestId }));
  const original = stored.request;
  if (original.state !== 'applied' && original.state !== 'verify_failed') {
    return say(
      message('reply.rollback.not_applied', {
        id: original.id,
        state: message(`reply.state.${original.state}`),
      }),
    );
  }
  if (original.rolledBackBy) {
    return say(message('reply.rollback.already', { id: original.id, by: original.rolledBackBy }));
  }
  const backupId = original.execution?.backupId;
  if (!backupId) return say(message('reply.rollback.no_backup', { id: original.id }));
  const policy = deps.policy();
  const base = findBase(policy, original.plan.base.alias);
  if (!base) return say(message('reply.deny.base_gone', { base: original.plan.base.alias }));
  const requestId = deriveRequestId(`rollback:${trigger.triggerId}`);
  const actor: Actor = drill
    ? { kind: 'system', name: 'drill' }
    : agent
      ? { kind: 'agent', id: agent.id, onBehalfOf: trigger.requester }
      : { kind: 'user', openId: trigger.requester };
  if (drill && trigger.requester !== DRILL_ACTOR)
    return say('A drill rollback is asked for by the drill runner.');
  if (isSchemaRequest(original)) {
    if (agent) return say('Agents do not roll back schema changes: ask in chat.');
    return askForSchemaRollback({ trigger, original, backupId, base, requestId, actor }, deps, say);
  }
  if (!isRecordsRequest(original)) return say(message('reply.rollback.not_a_change', { id: original.id }));
  if (!deps.readBackup) return say(message('reply.rollback.no_key'));

  let backup: BackupDocument;
  try {
    backup = await deps.readBackup(backupId);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    const context = { originalId: original.id, backupId, base: base.alias, requestId };
    return refuseUnusableBackup(error, { ...context, requester: trigger.requester }, deps, say);
  }
  const { appToken } = original.plan.base;
  const tableId = original.plan.table.id;
  const fields = await deps.reader.listFields(appToken, tableId);
  const ids =
    original.plan.op === 'create'
      ? (original.execution?.createdRecordIds ?? []).filter((id): id is string => id !== null)
      : original.plan.changes.map((change) => change.recordId).filter((id): id is string => id !== null);
  const current =
    ids.length > 0
      ? (await deps.reader.getRecords(appToken, tableId, ids, fields)).records
      : new Map<string, Cells>();
  const planned = planRollback({ original, backup, current, fields });
  if (!planned.ok) return say(message('reply.rollback.cannot', { id: original.id, why: planned.error }));

  const unmarked =
    planned.plan.op === 'batch-delete' && base.marker
      ? findUnmarked(
          planned.plan.changes.map((change) => ({
            recordId: change.recordId as string,
            cells: change.before ?? {},
          })),
          fields,
          base.marker,
        )
      : undefined;
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'request-write',
        actor,
        // A drill's rollback is asked for by the drill runner, an agent's by the agent: not in a chat.
        chatId: drill || agent ? null : trigger.chatId,
        chatType: drill || agent ? null : trigger.chatType,
        base: base.alias,
        table: original.plan.table.name,
        op: planned.plan.op,
        recordCount: planned.plan.changes.length,
        rollback: true,
        ...(unmarked ? { unmarked } : {}),
      },
      { policy, now: deps.clock(), evidence: await readGuardEvidence(deps) },
    ),
    agent ? `agent:${agent.id}` : trigger.requester,
    {
      action: 'rollback',
      rollback_of: original.id,
      op: planned.plan.op,
      records: planned.plan.changes.length,
    },
    requestId,
  );
  if (!decision.allow) return say(denialMessage(decision));

  const opened = await openRequest(
    {
      requestId,
      plan: planned.plan,
      origin: {
        kind: 'rollback',
        of: original.id,
        backupId,
        conflicts: planned.conflicts,
        ...(drill ? { drillId: drill.drillId } : {}),
        ...(agent ? { agentId: agent.id } : {}),
      },
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
