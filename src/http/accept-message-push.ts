import { MAX_COMMAND_CHARS } from '../domain/parse-command.js';
import { normalizeMessageEvent } from '../lark/normalize-message-event.js';
import type { HttpDeps } from './http-deps.js';
import type { LarkTransport } from './lark-transport.js';
import type { KeyUsed } from './receive-lark-push.js';

/** A verified push, whichever way it came. */
export type VerifiedPush = { eventId: string; eventType: string; event: unknown };

/**
 * Everything after a push is verified, the same for webhooks and the long connection: audit
 * (`auth.accepted`, naming the transport), de-duplicate (event_id, and message_id for messages — Lark
 * re-pushes for about 7 h, and with several replicas any of them may get the re-push), queue. `unavailable`
 * when it could not be queued: the dedup marks are dropped, so Lark's re-push is accepted. A failing audit
 * throws (the caller answers so that Lark retries).
 */
export async function acceptMessagePush(
  push: VerifiedPush,
  via: { transport: LarkTransport; key: KeyUsed },
  deps: Pick<HttpDeps, 'audit' | 'dedup' | 'botOpenId' | 'enqueueMessage' | 'logger'>,
): Promise<'accepted' | 'unavailable'> {
  // Audit before the dedup mark: if the audit fails, the retry gets through.
  await deps.audit({
    type: 'auth.accepted',
    actor: null,
    requestId: null,
    details: {
      route: 'events',
      transport: via.transport,
      event_id: push.eventId,
      event_type: push.eventType,
      // Evidence for a rotation: pushes still sealed with the previous key show up here.
      ...(via.key === 'previous' ? { encrypt_key: 'previous' } : {}),
    },
  });
  if (!(await deps.dedup.firstSeen('event', push.eventId))) return 'accepted';
  if (push.eventType !== 'im.message.receive_v1') return 'accepted';
  const message = normalizeMessageEvent(push.event, { botOpenId: deps.botOpenId() });
  if (!message || !(await deps.dedup.firstSeen('message', message.messageId))) return 'accepted';
  try {
    await deps.enqueueMessage({ eventId: push.eventId, ...message, text: boundText(message.text) });
  } catch (error) {
    deps.logger.error(
      { eventId: push.eventId, err: (error as Error).message },
      'could not queue a chat message',
    );
    await deps.dedup.forget('event', push.eventId).catch(() => undefined);
    await deps.dedup.forget('message', message.messageId).catch(() => undefined);
    return 'unavailable';
  }
  return 'accepted';
}

/**
 * A text longer than any command is cut to one character over the cap before it is queued: enough for the
 * intake to answer "too long" (parse-command.ts), without keeping up to 150 KB per job in Redis.
 */
function boundText(text: string | null): string | null {
  return text !== null && text.length > MAX_COMMAND_CHARS ? text.slice(0, MAX_COMMAND_CHARS + 1) : text;
}
