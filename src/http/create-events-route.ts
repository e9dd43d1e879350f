import type { Request, Response } from 'express';
import { MAX_COMMAND_CHARS } from '../domain/parse-command.js';
import { normalizeMessageEvent } from '../lark/normalize-message-event.js';
import type { HttpDeps } from './http-deps.js';
import { receiveLarkPush } from './receive-lark-push.js';
import { sourceOf } from './source-of.js';

/**
 * `POST /lark/events`: verify, de-duplicate (event_id, and message_id for messages — Lark re-pushes for
 * about 7 h), queue, and answer 200 well inside Lark's 3 s. A push that cannot be queued gets 503 and its
 * dedup marks are dropped, so Lark's retry is accepted.
 */
export function createEventsRoute(deps: HttpDeps) {
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
      await deps.refusals.refuse(sourceOf(req), { route: 'events', reason: received.reason });
      // The same answer whatever failed: the reason is for the audit log, not for the sender.
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (received.kind === 'challenge') {
      res.status(200).json({ challenge: received.challenge });
      return;
    }
    const { push } = received;
    // Audit before the dedup mark: if the audit fails, the 503 lets Lark's retry through.
    await deps.audit({
      type: 'auth.accepted',
      actor: null,
      requestId: null,
      details: {
        route: 'events',
        event_id: push.eventId,
        event_type: push.eventType,
        // Evidence for a rotation: pushes still sealed with the previous key show up here.
        ...(received.key === 'previous' ? { encrypt_key: 'previous' } : {}),
      },
    });
    if (!(await deps.dedup.firstSeen('event', push.eventId))) {
      res.status(200).json({});
      return;
    }
    if (push.eventType !== 'im.message.receive_v1') {
      res.status(200).json({});
      return;
    }
    const message = normalizeMessageEvent(push.event, { botOpenId: deps.botOpenId() });
    if (!message || !(await deps.dedup.firstSeen('message', message.messageId))) {
      res.status(200).json({});
      return;
    }
    try {
      await deps.enqueueMessage({ eventId: push.eventId, ...message, text: boundText(message.text) });
    } catch (error) {
      deps.logger.error(
        { eventId: push.eventId, err: (error as Error).message },
        'could not queue a chat message',
      );
      await deps.dedup.forget('event', push.eventId).catch(() => undefined);
      await deps.dedup.forget('message', message.messageId).catch(() => undefined);
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    res.status(200).json({});
  };
}

/**
 * A text longer than any command is cut to one character over the cap before it is queued: enough for the
 * intake to answer "too long" (parse-command.ts), without keeping up to 150 KB per job in Redis.
 */
function boundText(text: string | null): string | null {
  return text !== null && text.length > MAX_COMMAND_CHARS ? text.slice(0, MAX_COMMAND_CHARS + 1) : text;
}
