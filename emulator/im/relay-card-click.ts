import { isDeepStrictEqual } from 'node:util';
import { buildCardActionEvent } from '../events/build-card-action-event.js';
import { evaluateCallbackAnswer } from './evaluate-callback-answer.js';
import { parseStoredCard } from './evaluate-card-update.js';
import { findCardButtons } from './find-card-buttons.js';
import type { ImContext } from './im-context.js';
import { type ControlReply, fail } from './post-user-message.js';

/** Callbacks from a sent card stay valid for 30 days (docs/reference/lark-api.md §5.1). */
export const CARD_CALLBACK_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A person clicks a button on a card (docs/product.md §8, docs/reference/lark-api.md §5.2–5.3):
 * 1. the message is an interactive card in a chat the person belongs to, sent within 30 days;
 * 2. the current version of the card has a callback button whose value deep-equals `value`
 *    (`force: true` skips this, to replay stale or forged clicks); a person may instead name the
 *    button by its label (`button: "Approve"`), as they would click it;
 * 3. `card.action.trigger` goes to the card URL once (callbacks are not re-pushed), sealed like events;
 *    `card_url` (a loopback http URL) sends this one click elsewhere, as a load balancer in front of several
 *    bot replicas would;
 * 4. the answer is judged as the Lark client would, and a valid raw card replaces the message's card.
 * The reply is `{status, body, latency_ms, error, toast, card_updated, event_id}`; `status` is the bot's HTTP
 * status, 0 when it gave none.
 */
export async function relayCardClick(
  ctx: ImContext,
  messageId: string,
  input: unknown,
): Promise<ControlReply> {
  const message = ctx.store.findMessage(messageId);
  if (!message) return fail(404, `no message ${messageId}`);
  if (message.msgType !== 'interactive') return fail(409, `message ${messageId} is not an interactive card`);
  const {
    from,
    force,
    button: label,
    card_url: cardUrl,
  } = (input ?? {}) as { from?: unknown; force?: unknown; button?: unknown; card_url?: unknown };
  if (cardUrl !== undefined && !isLoopbackHttpUrl(cardUrl)) {
    return fail(400, 'card_url must be an http URL on 127.0.0.1 or localhost (a replica of the bot)');
  }
  let { value } = (input ?? {}) as { value?: unknown };
  if (typeof from !== 'string') return fail(400, 'from must be the open_id of a seed user');
  const user = ctx.store.findUser('open_id', from);
  if (!user) return fail(400, `no seed user with open_id ${from}`);
  const chat = ctx.store.findChat(message.chatId);
  if (!chat?.members.includes(user.openId))
    return fail(403, `${from} is not a member of chat ${message.chatId}`);
  if (value === undefined && typeof label === 'string') {
    const labelled = findCardButtons(parseStoredCard(message)).find(
      (candidate) => candidate.text?.toLowerCase() === label.toLowerCase(),
    );
    if (!labelled) return fail(409, `the current card has no button labelled "${label}"`);
    value = labelled.value;
  }
  if (value === undefined) {
    return fail(400, "value is required: the clicked button's callback value (or button: its label)");
  }
  const now = ctx.options.clock();
  if (now - message.createTime > CARD_CALLBACK_WINDOW_MS) {
    return fail(409, 'card callbacks expire 30 days after the card was sent');
  }
  const button = findCardButtons(parseStoredCard(message)).find((b) => isDeepStrictEqual(b.value, value));
  if (!button && force !== true) {
    return fail(
      409,
      'the current card has no callback button with this value (pass force:true to send it anyway)',
    );
  }

  const url = (cardUrl as string | undefined) ?? ctx.options.cardUrl ?? ctx.seed.bot.card_url;
  // Over the long connection the click goes to a connected client, whatever the URLs say.
  if (url === undefined && ctx.seed.bot.transport !== 'ws') {
    return ok({ status: 0, body: null, latency_ms: 0, error: '200340 no card callback URL configured' });
  }
  const app = ctx.seed.app;
  const event = buildCardActionEvent(
    { appId: app.app_id, tenantKey: app.tenant_key, verificationToken: app.verification_token },
    { operator: user, value, name: button?.name, messageId, chatId: message.chatId },
    now,
  );
  const answer = await ctx.pusher.deliverOnce(event, url);
  const verdict = evaluateCallbackAnswer(answer, message, ctx.options.pushTimeoutMs);
  if (verdict.card !== undefined) ctx.store.updateContent(message, JSON.stringify(verdict.card));
  return ok({
    status: answer.status,
    body: verdict.body,
    latency_ms: answer.latencyMs,
    error: verdict.error ?? null,
    toast: verdict.toast ?? null,
    card_updated: verdict.card !== undefined,
    event_id: event.header.event_id,
  });
}

function isLoopbackHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

function ok(body: unknown): ControlReply {
  return { status: 200, body };
}
