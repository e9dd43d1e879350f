import type { CardAction } from '../app/approvals/card-action.js';
import { type CardAnswer, toastOf } from '../app/approvals/card-answer.js';
import { message } from '../domain/i18n/message.js';
import type { HttpDeps } from './http-deps.js';
import type { LarkTransport } from './lark-transport.js';
import type { KeyUsed } from './receive-lark-push.js';

/**
 * A verified button click, the same for webhooks and the long connection, answered at once: the answer (toast
 * and updated card) must reach Lark within 3 s and Lark never re-sends a callback. Audited (`auth.accepted`,
 * naming the transport), de-duplicated on event_id (a replayed callback changes nothing), handed to the card
 * handler. An unauditable click changed nothing and is answered with a toast that says so.
 */
export async function answerCardClick(
  push: { eventId: string; eventType: string },
  action: CardAction,
  via: { transport: LarkTransport; key: KeyUsed },
  deps: Pick<HttpDeps, 'audit' | 'dedup' | 'handleCardAction' | 'logger'>,
): Promise<CardAnswer> {
  try {
    return await answer(push, action, via, deps);
  } catch (error) {
    // Lark shows a bare failure as a generic error and never resends a click: say what happened instead.
    // An unauditable click changed nothing (no audit, no action; handle-card-action.ts compensates).
    if ((error as { code?: unknown }).code !== 'audit_unavailable') throw error;
    deps.logger.error({ eventId: push.eventId }, 'a click could not be audited: answered with a toast');
    return { toast: toastOf('error', message('reply.toast.audit_down')) };
  }
}

async function answer(
  push: { eventId: string; eventType: string },
  action: CardAction,
  via: { transport: LarkTransport; key: KeyUsed },
  deps: Pick<HttpDeps, 'audit' | 'dedup' | 'handleCardAction'>,
): Promise<CardAnswer> {
  await deps.audit({
    type: 'auth.accepted',
    actor: action.operatorOpenId,
    requestId: null,
    details: {
      route: 'card',
      transport: via.transport,
      event_id: push.eventId,
      event_type: push.eventType,
      ...(via.key === 'previous' ? { encrypt_key: 'previous' } : {}),
    },
  });
  // An Ack is idempotent and answered by the in-process monitor: it must work while Redis is down
  // (the alert path does not depend on what failed), so it skips the Redis de-dup.
  if (action.value.action === 'ack') return deps.handleCardAction(action);
  let first: boolean;
  try {
    first = await deps.dedup.firstSeen('card', push.eventId);
  } catch {
    // Lark does not resend a click: answer now, with what happened, rather than time out.
    return { toast: toastOf('error', message('reply.toast.store_down')) };
  }
  if (!first) return { toast: toastOf('info', message('reply.toast.already_handled')) };
  try {
    return await deps.handleCardAction(action);
  } catch (error) {
    await deps.dedup.forget('card', push.eventId).catch(() => undefined);
    throw error;
  }
}
