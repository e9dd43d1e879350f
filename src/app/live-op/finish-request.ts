import { createHash } from 'node:crypto';
import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { AuditEventType } from '../../domain/audit-event.js';
import { buildAuditLine } from '../../domain/build-audit-line.js';
import { auditLineUuid, buildFinishDeliveries } from '../../domain/chat-delivery.js';
import { joinChatText } from '../../domain/chat-text.js';
import type { Execution, GovernedRequest, RequestState } from '../../domain/governed-request.js';
import { findBase } from '../../domain/policy.js';
import type { StoredRequest } from '../../ports/request-store.js';
import type { LiveOpDeps } from './live-op-deps.js';

const AUDIT_TYPE: Partial<Record<RequestState, AuditEventType>> = {
  applied: 'op.verified',
  verify_failed: 'op.verify_failed',
  stale: 'op.stale',
  failed: 'op.failed',
  needs_review: 'op.failed',
};

/**
 * Ends a live op in a final state: audit it, then persist it together with the chat updates it owes (card,
 * audit-chat line, the original's card for a rollback) in the outbox, in one atomic step. Delivering them
 * is deliverChatUpdates' job (at once after the live op, then by the sweeper until Lark takes them), as is
 * marking the pending requests the change outdated (runLiveOp, beside the delivery).
 */
export async function finishRequest(
  stored: StoredRequest,
  state: RequestState,
  change: Partial<Execution>,
  deps: Pick<LiveOpDeps, 'requests' | 'audit' | 'clock' | 'chat' | 'policy' | 'logger' | 'onFinishStep'>,
): Promise<GovernedRequest> {
  const now = deps.clock();
  const execution: Execution = {
    step: stored.request.execution?.step ?? 'consumed',
    startedAt: stored.request.execution?.startedAt ?? now,
    attempts: stored.request.execution?.attempts ?? 1,
    backupId: stored.request.execution?.backupId ?? null,
    createdRecordIds: stored.request.execution?.createdRecordIds ?? [],
    idMap: stored.request.execution?.idMap ?? null,
    schemaIds: stored.request.execution?.schemaIds ?? null,
    preexistingMatches: stored.request.execution?.preexistingMatches ?? [],
    verification: stored.request.execution?.verification ?? null,
    problem: null,
    ...change,
    finishedAt: now,
  };
  const next: GovernedRequest = { ...stored.request, state, execution };
  const type = AUDIT_TYPE[state];
  if (type) {
    await deps.audit({
      type,
      actor: 'worker',
      requestId: next.id,
      details: {
        state,
        backup_id: execution.backupId,
        verification: execution.verification,
        problem: execution.problem,
        created_record_ids: execution.createdRecordIds,
      },
    });
  }
  const { origin, plan } = next;
  if (origin.kind === 'rollback' && (state === 'applied' || state === 'verify_failed')) {
    // The receipt: what was restored, from which backup, verified how.
    await deps.audit({
      type: 'rollback.executed',
      actor: 'worker',
      requestId: next.id,
      details: {
        rollback_of: origin.of,
        from_backup: origin.backupId,
        own_backup: execution.backupId,
        op: plan.op,
        base: plan.base.alias,
        table: plan.table.name,
        restored:
          plan.kind === 'records'
            ? plan.changes.map((change) => change.restores ?? change.recordId).filter((id) => id !== null)
            : [
                plan.field
                  ? `field ${plan.table.name}.${plan.field.after?.name ?? plan.field.before?.name ?? ''}`
                  : `table ${plan.table.name}`,
                ...(plan.restore?.records.map((record) => record.recordId) ?? []),
              ],
        id_map: execution.idMap,
        conflicts_overwritten: origin.conflicts,
        verified: execution.verification?.ok ?? false,
        verified_how:
          plan.kind === 'records'
            ? 'read back every record after the write and compared it with the backup’s before-state'
            : 'read the schema back (tables, fields, types, options) and every restored value, and compared them with the backup',
      },
    });
  }
  deps.onFinishStep?.('audited');
  if ((await deps.requests.transition(stored, next, undefined, buildFinishDeliveries(next))) !== 'written') {
    throw new Error('request changed while finishing the live op');
  }
  deps.onFinishStep?.('stored');
  return next;
}

/** Sets the request's card to its current rendering (idempotent); throws what Lark answered. */
export async function patchRequestCard(
  request: GovernedRequest,
  deps: Pick<LiveOpDeps, 'chat' | 'policy' | 'clock'>,
): Promise<void> {
  if (!request.cardMessageId) return;
  const base = findBase(deps.policy(), request.plan.base.alias);
  await deps.chat.patchCard(
    request.cardMessageId,
    buildRequestCard({ request, approvers: base?.approvers ?? [], now: deps.clock() }),
  );
}

/**
 * Posts the lines of several finished requests to the audit chat as one message, one line each (in the
 * order given); its uuid names the lines (a single line keeps its own), so Lark drops a resend.
 */
export async function postAuditLines(
  requests: readonly GovernedRequest[],
  deps: Pick<LiveOpDeps, 'chat' | 'policy'>,
): Promise<void> {
  if (requests.length === 0) return;
  // Chat and Base text in the line is inert: no mention, no link (build-audit-line.ts).
  const text = joinChatText(requests.map(buildAuditLine), '\n');
  const uuids = requests.map((request) => auditLineUuid(request.id, request.state));
  const uuid =
    uuids.length === 1
      ? (uuids[0] as string)
      : `audit-batch-${createHash('sha256').update(uuids.join('\n')).digest('hex').slice(0, 32)}`;
  await deps.chat.sendText(deps.policy().auditChat, text, { uuid });
}
