import type { Request, Response } from 'express';
import type { CardAction } from '../app/approvals/card-action.js';
import { normalizeCardAction } from '../lark/normalize-card-action.js';
import type { HttpDeps } from './http-deps.js';
import { type KeyUsed, receiveLarkPush } from './receive-lark-push.js';
import { sourceOf } from './source-of.js';

const AUDIT_DOWN =
  'Larkgate cannot record clicks right now (its audit log is unavailable). Nothing changed: try again in a minute.';
const STORE_DOWN =
  'Larkgate cannot record clicks right now (its store is unreachable). Nothing changed: try again in a minute.';

/**
 * `POST /lark/card`: a button click (`card.action.trigger`). Verified like events, then handled at once:
 * the answer (toast and updated card) must reach Lark within 3 s and Lark never re-sends a callback.
 * A replayed callback (same event_id) changes nothing.
 */
export function createCardRoute(deps: HttpDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const received = receiveLarkPush(req.headers, req.body as Buffer, {
      encryptKey: deps.encryptKey,
      previousEncryptKey: deps.previousEncryptKey ?? null,
      verificationToken: deps.verificationToken,
      windowSeconds: deps.windowSeconds,
      nowMs: deps.clock(),
    });
    if (received.kind === 'denied') {
      // Audited at once if it is this source's first refusal in the window, else counted for the window's
      // one aggregated event: a flood of forged pushes must not write a line each.
      await deps.refusals.refuse(sourceOf(req), { route: 'card', reason: received.reason });
      // The same answer whatever failed: the reason is for the audit log, not for the sender.
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (received.kind === 'challenge') {
      res.status(200).json({ challenge: received.challenge });
      return;
    }
    const { push } = received;
    const action = push.eventType === 'card.action.trigger' ? normalizeCardAction(push.event) : null;
    if (!action) {
      res.status(200).json({ toast: { type: 'error', content: 'Larkgate could not read this click.' } });
      return;
    }
    try {
      await answerClick(push, received.key, action, deps, res);
    } catch (error) {
      // Lark shows a bare 5xx as a generic failure and never resends a click: say what happened instead.
      // An unauditable click changed nothing (no audit, no action; src/app/approvals/record-vote.ts compensates).
      if ((error as { code?: unknown }).code !== 'audit_unavailable' || res.headersSent) throw error;
      deps.logger.error({ eventId: push.eventId }, 'a click could not be audited: answered with a toast');
      res.status(200).json({ toast: { type: 'error', content: AUDIT_DOWN } });
    }
  };
}

async function answerClick(
  push: { eventId: string; eventType: string },
  key: KeyUsed,
  action: CardAction,
  deps: HttpDeps,
  res: Response,
): Promise<void> {
  await deps.audit({
    type: 'auth.accepted',
    actor: action.operatorOpenId,
    requestId: null,
    details: {
      route: 'card',
      event_id: push.eventId,
      event_type: push.eventType,
      ...(key === 'previous' ? { encrypt_key: 'previous' } : {}),
    },
  });
  // An Ack is idempotent and answered by the in-process monitor: it must work while Redis is down
  // (the alert path does not depend on what failed), so it skips the Redis de-dup.
  if (action.value.action === 'ack') {
    res.status(200).json(await deps.handleCardAction(action));
    return;
  }
  let first: boolean;
  try {
    first = await deps.dedup.firstSeen('card', push.eventId);
  } catch {
    // Lark does not resend a click: answer now, with what happened, rather than time out.
    res.status(200).json({ toast: { type: 'error', content: STORE_DOWN } });
    return;
  }
  if (!first) {
    res.status(200).json({ toast: { type: 'info', content: 'Already handled.' } });
    return;
  }
  try {
    res.status(200).json(await deps.handleCardAction(action));
  } catch (error) {
    await deps.dedup.forget('card', push.eventId).catch(() => undefined);
    throw error;
  }
}
