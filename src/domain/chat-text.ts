import type { Locale } from './i18n/locale.js';
import { type Message, renderMessage } from './i18n/message.js';
import { makeInert } from './make-inert.js';

const OPEN_ID = /^ou_[A-Za-z0-9_]+$/;

/** Set once by ChatText's static block: the one way to make a ChatText, private to this file. */
let make: (text: string) => ChatText;

/**
 * The body of a Lark text message, built only through `chatText`, `inertChatText`, `mentionInChat` and
 * `chatTextFromLarkgate`. The messenger takes nothing else, so a new reply cannot put a raw string (with
 * someone's `<at user_id=all>` or link in it) into a text message: it has to say which parts are
 * Larkgate's own, and everything else is neutralised (`makeInert(…, 'text')`).
 */
export class ChatText {
  readonly text: string;
  private constructor(text: string) {
    this.text = text;
  }

  static {
    // Only the builders in this file can make one: nothing outside can wrap a raw string.
    make = (text) => new ChatText(text);
  }

  toString(): string {
    return this.text;
  }
}

export type ChatPart = ChatText | string | number;

/**
 * A text message from a template: the literal parts are Larkgate's own words; every interpolated string or
 * number is hostile and made inert; an interpolated `ChatText` (a mention Larkgate makes, a line built
 * earlier) is kept as it is.
 *
 *     chatText`Refused: no field ${name} in ${table}`
 */
export function chatText(literals: TemplateStringsArray, ...parts: ChatPart[]): ChatText {
  let text = literals[0] ?? '';
  parts.forEach((part, index) => {
    text += partText(part) + (literals[index + 1] ?? '');
  });
  return make(text);
}

/** Text none of which is Larkgate's own words (or cannot be told apart from what is): all made inert. */
export function inertChatText(text: string): ChatText {
  return make(makeInert(text, 'text'));
}

/**
 * A mention Larkgate itself makes (the escalation page, …): only of a well-formed open_id, never `all`;
 * anything else is shown inert.
 */
export function mentionInChat(openId: string): ChatText {
  return OPEN_ID.test(openId) ? make(`<at user_id="${openId}"></at>`) : inertChatText(openId);
}

/**
 * Larkgate's own fixed words, kept exactly (help text with its `<base>/<table>` placeholders). Only for
 * text written in Larkgate's source or its config, never for anything read from chat or a Base.
 */
export function chatTextFromLarkgate(text: string): ChatText {
  return make(text);
}

/** Parts joined by Larkgate's own separator; each string part is made inert. */
export function joinChatText(parts: readonly ChatPart[], separator: string): ChatText {
  return make(parts.map(partText).join(separator));
}

function partText(part: ChatPart): string {
  if (part instanceof ChatText) return part.text;
  return makeInert(String(part), 'text');
}

/**
 * A message rendered in the reader's language: the catalogue's words are Larkgate's own, kept; every
 * hostile parameter (quoted input, a Base value, a name) is made inert.
 */
export function chatTextFromMessage(text: Message, locale: Locale): ChatText {
  return make(renderMessage(text, locale, (hostile) => makeInert(hostile, 'text')));
}
