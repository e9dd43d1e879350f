import type { Request, Response } from 'express';
import { acceptMessagePush } from './accept-message-push.js';
import type { HttpDeps } from './http-deps.js';
import { receiveLarkPush } from './receive-lark-push.js';
import { sourceOf } from './source-of.js';

/**
 * `POST /lark/events`: verify, then de-duplicate (event_id, and message_id for messages — Lark re-pushes for
 * about 7 h), queue, and answer 200 well inside Lark's 3 s (accept-message-push.ts, shared with the long
 * connection). A push that cannot be queued gets 503 and its dedup marks are dropped, so Lark's retry is
 * accepted.
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
    const outcome = await acceptMessagePush(received.push, { transport: 'webhook', key: received.key }, deps);
    if (outcome === 'unavailable') res.status(503).json({ error: 'unavailable' });
    else res.status(200).json({});
  };
}
