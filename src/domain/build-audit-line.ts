import { type ChatPart, type ChatText, chatText, chatTextFromLarkgate, joinChatText } from './chat-text.js';
import type { GovernedRequest } from './governed-request.js';

/**
 * The audit chat's one line about a finished request. Table, field and record names, the requester's and
 * approvers' ids and the problem text come from chat or a Base, so they are interpolated (made inert);
 * the words, icons and Larkgate's own ids are literal.
 */
export function buildAuditLine(request: GovernedRequest): ChatText {
  const { plan, execution } = request;
  const approvers = request.votes.filter((vote) => vote.decision === 'approve').map((vote) => vote.voter);
  const created = (execution?.createdRecordIds ?? []).filter((id): id is string => id !== null);
  const what =
    plan.kind === 'records'
      ? chatText`${[...plan.changes.map((change) => change.recordId).filter((id) => id !== null), ...created].slice(0, 20).join(', ') || '(no records)'}${plan.changes.length > 20 ? ` and ${plan.changes.length - 20} more` : ''} (${plan.fields.map((field) => field.name).join(', ')})`
      : chatText`${plan.table.name}${plan.field ? ` field ${plan.field.after?.name ?? plan.field.before?.name ?? ''}` : ''}`;
  const icon = request.state === 'applied' ? '✅' : '⚠️';
  const parts: Array<ChatPart | null> = [
    chatText`${icon} ${request.id} ${request.state.replace('_', ' ')}: ${chatTextFromLarkgate(plan.op)} ${plan.base.alias}/${plan.table.name}`,
    what,
    request.origin.kind === 'rollback' ? chatText`rollback of ${request.origin.of}` : null,
    chatText`asked by ${request.requester}, approved by ${approvers.join(', ') || 'nobody'}`,
    execution?.backupId ? chatText`backup ${execution.backupId}` : null,
    execution?.verification ? (execution.verification.ok ? 'verified' : 'VERIFY FAILED') : null,
    execution?.problem ? chatText`problem: ${execution.problem}` : null,
  ];
  return joinChatText(
    parts.filter((part) => part !== null),
    ' · ',
  );
}
