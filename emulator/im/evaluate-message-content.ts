import { evaluateCard, isJsonObject } from './evaluate-card.js';
import { type KnownUser, type MessageMention, parseAtTags } from './parse-at-tags.js';

/** Lark's refusal of an IM call: always HTTP 400 (docs/reference/lark-api.md §3.1). */
export type ImRefusal = { kind: 'refused'; code: number; msg: string };

export type AcceptedContent = { kind: 'ok'; content: string; mentions: MessageMention[] };

/** Size caps on `content` (docs/reference/lark-api.md §3.1: text 150 KB, card and post 30 KB; 230025). */
export const CONTENT_LIMITS = { text: 150 * 1024, card: 30 * 1024, post: 30 * 1024 } as const;

export const IM_ERRORS = {
  invalidParam: 230001,
  botNotInChat: 230002,
  noPermission: 230027,
  frequencyLimit: 230020,
  contentTooLong: 230025,
  onlyWithin14Days: 230031,
  cardContentFailed: 230099,
  cardDowngrade: 200830,
  recallTooLate: 230009,
  recalled: 230011,
  noRecallPermission: 230026,
} as const;

/**
 * Checks `msg_type` and `content` of a send or reply. Text and interactive are emulated in full; `post` is
 * accepted with only its size cap and JSON check; every other type is refused with 230001.
 */
export function evaluateMessageContent(
  msgType: unknown,
  content: unknown,
  users: readonly KnownUser[],
  hasImage: (imageKey: string) => boolean = () => false,
): AcceptedContent | ImRefusal {
  if (msgType === 'image') return evaluateImageContent(content, hasImage);
  if (msgType !== 'text' && msgType !== 'interactive' && msgType !== 'post') {
    return refuse(
      IM_ERRORS.invalidParam,
      `msg_type ${JSON.stringify(msgType)} is not emulated (text, interactive, post and image are)`,
    );
  }
  if (typeof content !== 'string' || content.length === 0) {
    return refuse(IM_ERRORS.invalidParam, 'content must be a non-empty JSON string');
  }
  const cap =
    msgType === 'text' ? CONTENT_LIMITS.text : msgType === 'post' ? CONTENT_LIMITS.post : CONTENT_LIMITS.card;
  const size = Buffer.byteLength(content, 'utf8');
  if (size > cap) {
    return refuse(
      IM_ERRORS.contentTooLong,
      `content is ${size} bytes; ${msgType} content is limited to ${cap}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return refuse(IM_ERRORS.invalidParam, 'content is not valid JSON');
  }
  if (msgType === 'text') {
    if (!isJsonObject(parsed) || typeof parsed.text !== 'string' || parsed.text.length === 0) {
      return refuse(IM_ERRORS.invalidParam, 'text content must be {"text":"…"} with non-empty text');
    }
    const { text, mentions } = parseAtTags(parsed.text, users);
    return { kind: 'ok', content: JSON.stringify({ text }), mentions };
  }
  if (msgType === 'post') {
    if (!isJsonObject(parsed)) return refuse(IM_ERRORS.invalidParam, 'post content must be a JSON object');
    return { kind: 'ok', content, mentions: [] };
  }
  const card = evaluateCard(parsed);
  if (card.kind === 'refused')
    return refuse(IM_ERRORS.cardContentFailed, `card content failed: ${card.reason}`);
  return { kind: 'ok', content, mentions: [] };
}

/** `{"image_key":"img_…"}` naming an image this app uploaded (`POST /im/v1/images`); anything else 230001. */
function evaluateImageContent(
  content: unknown,
  hasImage: (imageKey: string) => boolean,
): AcceptedContent | ImRefusal {
  let parsed: unknown;
  try {
    parsed = typeof content === 'string' ? JSON.parse(content) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!isJsonObject(parsed) || typeof parsed.image_key !== 'string') {
    return refuse(IM_ERRORS.invalidParam, 'image content must be {"image_key":"…"}');
  }
  if (!hasImage(parsed.image_key)) return refuse(IM_ERRORS.invalidParam, 'invalid image_key: no such image');
  return { kind: 'ok', content: JSON.stringify({ image_key: parsed.image_key }), mentions: [] };
}

export function refuse(code: number, msg: string): ImRefusal {
  return { kind: 'refused', code, msg };
}
