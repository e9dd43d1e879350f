import { buildRequestCard } from '../../../cards/build-request-card.js';
import { chatTextFromMessage } from '../../domain/chat-text.js';
import { computeDuplicateKey, touchedRecordIds } from '../../domain/compute-duplicate-key.js';
import { computeScopeHash, shortScope } from '../../domain/compute-scope-hash.js';
import type { GovernedRequest, RequestOrigin, RequestPlan } from '../../domain/governed-request.js';
import { message } from '../../domain/i18n/message.js';
import { type BasePolicy, findBase } from '../../domain/policy.js';
import { replyLocale } from '../../domain/reply-locale.js';
import type { RequestsDeps } from './requests-deps.js';
import { uuidFor } from './uuid-for.js';

export type OpenRequestInput = {
  requestId: string;
  plan: RequestPlan;
  origin: RequestOrigin;
  base: BasePolicy;
  requester: string;
  chatId: string;
  /** The message that asked (chat) or the card/trigger it came from; the card replies to it. */
  sourceMessageId: string;
  /** Extra facts for the `request.created` audit event. */
  details?: Record<string, unknown>;
};

/** Opened (or found already open under its id), or not opened because a pending request asks the same. */
export type OpenRequestResult =
  | { kind: 'opened'; request: GovernedRequest }
  | { kind: 'duplicate'; of: string };

/**
 * Opens a governed request (docs/product.md §2 step 3): stores it with its scope hash and expiry, audits
 * `request.created` first (no audit, no request), and replies with the diff card. Idempotent per request
 * id: a retried job re-sends the same card (Lark de-duplicates by uuid). A pending request that asks for
 * the same change, from anyone, is not opened twice: the asker is pointed at the one already pending
 * (`request.duplicate`). A pending request is noted on the records it shows, so a change applied to them
 * later can mark its diff outdated (mark-outdated-requests.ts).
 */
export async function openRequest(input: OpenRequestInput, deps: RequestsDeps): Promise<OpenRequestResult> {
  const existing = await deps.requests.get(input.requestId);
  if (existing) {
    await sendRequestCard(existing.request, deps);
    return { kind: 'opened', request: existing.request };
  }
  const { base, plan } = input;
  const now = deps.clock();
  const request: GovernedRequest = {
    id: input.requestId,
    origin: input.origin,
    plan,
    scopeHash: computeScopeHash(plan),
    requester: input.requester,
    chatId: input.chatId,
    sourceMessageId: input.sourceMessageId,
    cardMessageId: null,
    tier: base.tier,
    stage: base.stage,
    approvalsNeeded: base.approvalsNeeded,
    distinctGroups: base.distinctGroups,
    createdAt: now,
    expiresAt: now + base.approvalTtlMs,
    state: base.stage === 'dry-run' ? 'dry_run' : 'pending',
    votes: [],
    artefactId: null,
    execution: null,
  };
  if (request.state === 'pending') {
    const holder = await deps.requests.claimAsk(
      computeDuplicateKey(plan),
      request.id,
      request.expiresAt,
      now,
    );
    if (holder !== null) return refuseDuplicate(input, holder, deps);
  }
  await deps.audit({
    type: 'request.created',
    actor: input.requester,
    requestId: request.id,
    details: {
      op: plan.op,
      base: base.alias,
      table: plan.table.name,
      ...(plan.kind === 'records'
        ? {
            records: plan.changes.length,
            record_ids: plan.changes.slice(0, 50).map((change) => change.recordId ?? change.restores ?? null),
            fields: plan.fields.map((field) => field.name),
          }
        : { field: plan.field?.after?.name ?? plan.field?.before?.name ?? null }),
      origin: input.origin.kind,
      ...(input.origin.kind === 'rollback'
        ? {
            rollback_of: input.origin.of,
            backup_id: input.origin.backupId,
            conflicts: input.origin.conflicts.length,
          }
        : {}),
      scope_hash: request.scopeHash,
      state: request.state,
      expires_at: new Date(request.expiresAt).toISOString(),
      ...input.details,
    },
  });
  if (!(await deps.requests.create(request))) {
    const raced = await deps.requests.get(request.id);
    if (raced) {
      await sendRequestCard(raced.request, deps);
      return { kind: 'opened', request: raced.request };
    }
  }
  deps.logger.info({ requestId: request.id, scope: shortScope(request.scopeHash) }, 'request created');
  if (request.state === 'pending') await deps.requests.addOnRecords(request, touchedRecordIds(plan));
  await sendRequestCard(request, deps);
  return { kind: 'opened', request };
}

/** Points the asker at the pending request that asks for the same change; audited, nothing stored. */
async function refuseDuplicate(
  input: OpenRequestInput,
  holder: string,
  deps: RequestsDeps,
): Promise<OpenRequestResult> {
  const { plan } = input;
  await deps.audit({
    type: 'request.duplicate',
    actor: input.requester,
    requestId: input.requestId,
    details: {
      duplicate_of: holder,
      op: plan.op,
      base: plan.base.alias,
      table: plan.table.name,
      origin: input.origin.kind,
    },
  });
  await deps.chat.replyText(
    input.sourceMessageId,
    chatTextFromMessage(
      message('reply.duplicate', { id: holder }),
      replyLocale(deps.policy(), input.requester),
    ),
    { uuid: uuidFor(input.sourceMessageId, `dup-${input.requestId}`), chatId: input.chatId },
  );
  return { kind: 'duplicate', of: holder };
}

/**
 * Replies to the source message with the request's card and remembers the card's message id. The first
 * time a card goes out it is audited (`request.card_sent`, with its message id): the evidence that the dry
 * run reached a person as a diff card, which readiness gate 2 and promotion rely on.
 */
export async function sendRequestCard(request: GovernedRequest, deps: RequestsDeps): Promise<void> {
  const base = findBase(deps.policy(), request.plan.base.alias);
  const card = buildRequestCard({
    request,
    approvers: base?.approvers ?? [],
    approverGroups: base?.approverGroups,
    now: deps.clock(),
  });
  const sent = await deps.chat.replyCard(request.sourceMessageId, card, {
    uuid: uuidFor(request.sourceMessageId, `card-${request.id}`),
    chatId: request.chatId,
  });
  if (request.cardMessageId === sent.messageId) return;
  await deps.audit({
    type: 'request.card_sent',
    actor: null,
    requestId: request.id,
    details: {
      base: request.plan.base.alias,
      card_message_id: sent.messageId,
      chat_id: request.chatId,
      state: request.state,
    },
  });
  const latest = await deps.requests.update(request.id, (current) =>
    current.cardMessageId === sent.messageId ? null : { ...current, cardMessageId: sent.messageId },
  );
  // A crash between sending the card and recording its id leaves the worker unable to update it; when
  // this retry finds the request has moved on (approved, applied…), bring the card up to date. Lark's
  // uuid de-dup hands back the original message, whose content is the first version.
  if (latest && latest.state !== 'pending' && latest.state !== 'dry_run') {
    await deps.chat.patchCard(
      sent.messageId,
      buildRequestCard({
        request: latest,
        approvers: base?.approvers ?? [],
        approverGroups: base?.approverGroups,
        now: deps.clock(),
      }),
    );
  }
}
