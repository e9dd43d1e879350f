import type { StoredMessage } from './create-im-store.js';
import { cardSchemaOf, evaluateCard, isJsonObject } from './evaluate-card.js';
import { CONTENT_LIMITS, IM_ERRORS, type ImRefusal, refuse } from './evaluate-message-content.js';

/** How long a sent card can be updated (docs/reference/lark-api.md §3.1, §5.1: 14 days; 230031). */
export const CARD_UPDATE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

export type AcceptedUpdate = { kind: 'ok'; content: string };

/**
 * Decides a `PATCH /im/v1/messages/:message_id` (docs/reference/lark-api.md §3.1): only interactive messages the app sent,
 * only within 14 days of sending, the card size cap, the card rules, no 2.0 → 1.0 downgrade (200830), and a
 * 1.0 card must be shared (`config.update_multi:true`) both before and after.
 */
export function evaluateCardUpdate(
  message: StoredMessage,
  content: unknown,
  now: number,
): AcceptedUpdate | ImRefusal {
  if (message.sender.kind !== 'app') {
    return refuse(IM_ERRORS.noPermission, 'only messages sent by this app can be updated');
  }
  if (message.msgType !== 'interactive') {
    return refuse(IM_ERRORS.invalidParam, `only interactive messages can be updated, not ${message.msgType}`);
  }
  if (now - message.createTime > CARD_UPDATE_WINDOW_MS) {
    return refuse(IM_ERRORS.onlyWithin14Days, 'a card can only be updated within 14 days of being sent');
  }
  if (typeof content !== 'string' || content.length === 0) {
    return refuse(IM_ERRORS.invalidParam, 'content must be a non-empty JSON string');
  }
  const size = Buffer.byteLength(content, 'utf8');
  if (size > CONTENT_LIMITS.card) {
    return refuse(
      IM_ERRORS.contentTooLong,
      `content is ${size} bytes; card content is limited to ${CONTENT_LIMITS.card}`,
    );
  }
  let card: unknown;
  try {
    card = JSON.parse(content);
  } catch {
    return refuse(IM_ERRORS.invalidParam, 'content is not valid JSON');
  }
  const replacement = evaluateCardReplacement(message, card);
  if (replacement.kind === 'refused') return replacement;
  if (cardSchemaOf(card) === '1.0' && !(isShared(parseStoredCard(message)) && isShared(card))) {
    return refuse(
      IM_ERRORS.cardContentFailed,
      'card content failed: a JSON 1.0 card needs config.update_multi:true before and after an update',
    );
  }
  return { kind: 'ok', content };
}

/**
 * The rules every replacement of a card obeys, whether it comes from a patch or from a callback answer's
 * raw card: the card itself is valid and a 2.0 card stays 2.0.
 */
export function evaluateCardReplacement(message: StoredMessage, card: unknown): { kind: 'ok' } | ImRefusal {
  const verdict = evaluateCard(card);
  if (verdict.kind === 'refused') {
    return refuse(IM_ERRORS.cardContentFailed, `card content failed: ${verdict.reason}`);
  }
  const current = parseStoredCard(message);
  if (cardSchemaOf(current) === '2.0' && verdict.schema !== '2.0') {
    return refuse(IM_ERRORS.cardDowngrade, 'a JSON 2.0 card cannot be updated to JSON 1.0');
  }
  return { kind: 'ok' };
}

export function parseStoredCard(message: StoredMessage): unknown {
  try {
    return JSON.parse(message.content);
  } catch {
    return undefined;
  }
}

function isShared(card: unknown): boolean {
  return isJsonObject(card) && isJsonObject(card.config) && card.config.update_multi === true;
}
