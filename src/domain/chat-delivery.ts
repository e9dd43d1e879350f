import type { GovernedRequest, RequestState } from './governed-request.js';

/**
 * A chat update Larkgate owes because a request changed state, kept in the outbox until Lark takes it.
 * Each is exactly once in effect: a card update renders the request as stored when it is delivered (so
 * sending it twice, or late, shows the latest state), an audit-chat line carries a uuid derived from the
 * request and its state (Lark sends one message per uuid within an hour, docs/reference/lark-api.md §3.1), and recording a
 * rollback on the original request is a no-op the second time.
 */
export type ChatDelivery =
  /** Patch the request's card to its current rendering. */
  | { kind: 'card'; requestId: string }
  /** Post the request's line to the audit chat, for this final state. */
  | { kind: 'audit_line'; requestId: string; state: RequestState }
  /** Record on request `requestId` that rollback `by` undid it, and patch its card to say so. */
  | { kind: 'rolled_back'; requestId: string; by: string };

/** One outbox entry per owed effect: a newer card update for the same request replaces the pending one. */
export function deliveryId(delivery: ChatDelivery): string {
  switch (delivery.kind) {
    case 'card':
      return `card:${delivery.requestId}`;
    case 'audit_line':
      return `audit_line:${delivery.requestId}:${delivery.state}`;
    case 'rolled_back':
      return `rolled_back:${delivery.requestId}:${delivery.by}`;
  }
}

/** The uuid of a request's audit-chat line in this state (≤ 50 characters, as Lark requires). */
export function auditLineUuid(requestId: string, state: RequestState): string {
  return `audit-${requestId}-${state}`;
}

/** Whether the request is a drill's own (its receipt in the drills chat reports it, not the audit chat). */
export function isDrillRequest(request: GovernedRequest): boolean {
  const { origin } = request;
  return origin.kind === 'drill' || (origin.kind === 'rollback' && origin.drillId !== undefined);
}

/**
 * What a live op that ended in `request.state` owes the chat: its card updated (when it has one), its line
 * in the audit chat (not for a drill's own requests), and, for an applied rollback, the original request
 * marked as rolled back (which also updates the original's card).
 */
export function buildFinishDeliveries(request: GovernedRequest): ChatDelivery[] {
  const deliveries: ChatDelivery[] = [];
  if (request.cardMessageId) deliveries.push({ kind: 'card', requestId: request.id });
  if (!isDrillRequest(request))
    deliveries.push({ kind: 'audit_line', requestId: request.id, state: request.state });
  if (request.origin.kind === 'rollback' && request.state === 'applied')
    deliveries.push({ kind: 'rolled_back', requestId: request.origin.of, by: request.id });
  return deliveries;
}
