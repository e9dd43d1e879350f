import type { Request, Response } from 'express';
import { toastOf } from '../app/approvals/card-answer.js';
import { message } from '../domain/i18n/message.js';
import { normalizeCardAction } from '../lark/normalize-card-action.js';
import { answerCardClick } from './answer-card-click.js';
import type { HttpDeps } from './http-deps.js';
import { receiveLarkPush } from './receive-lark-push.js';
import { sourceOf } from './source-of.js';

/**
 * `POST /lark/card`: a button click (`card.action.trigger`). Verified like events, then handled at once
 * (answer-card-click.ts, shared with the long connection): the answer (toast and updated card) must reach
 * Lark within 3 s and Lark never re-sends a callback. A replayed callback (same event_id) changes nothing.
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
      res.status(200).json({ toast: toastOf('error', message('reply.toast.unreadable_click')) });
      return;
    }
    sendJson(res, await answerCardClick(push, action, { transport: 'webhook', key: received.key }, deps));
  };
}

/**
 * 200 with a JSON body, written straight to the socket: the same bytes as `res.json`, without express's
 * per-response work (content-type negotiation, charset, ETag), which showed in the click path's profile.
 */
function sendJson(res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body, 'utf8'),
  });
  res.end(body);
}
