import { type ChatText, chatTextFromMessage, inertChatText, joinChatText } from '../../domain/chat-text.js';
import type { Decision } from '../../domain/decision.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { Locale } from '../../domain/i18n/locale.js';
import { inEnglish, type Message, renderMessage } from '../../domain/i18n/message.js';

/**
 * What asking for a change came to, as a value: refused by the guard (the decision, audited), refused
 * before a request could be opened (`code` names why: no such table, a value that does not convert, a
 * person Lark does not know…; `text` says it, with hostile parts inert), opened (its card sent), or not
 * opened because a pending request asks for the same (the asker was pointed at it).
 */
export type AskOutcome =
  | { kind: 'denied'; decision: Decision }
  | { kind: 'refused'; code: string; text: RefusalText }
  | { kind: 'opened'; request: GovernedRequest }
  | { kind: 'duplicate'; of: string };

/**
 * A refusal's words: a catalogue message (said in the reader's language at the edge), or English not yet in
 * the catalogue (a value that does not convert…): a plain string is hostile as a whole, a ChatText says
 * which parts are Larkgate's own.
 */
export type RefusalText = Message | ChatText | string | readonly (Message | string)[];

export function refused(code: string, text: RefusalText): AskOutcome {
  return { kind: 'refused', code, text };
}

/** A refusal in English, for an answer that is not a chat reply (MCP, CLI). */
export function refusalInEnglish(text: RefusalText): string {
  if (isLines(text)) return text.map(inEnglish).join('\n');
  return typeof text === 'object' && 'key' in text ? renderMessage(text, 'en_us') : String(text);
}

/**
 * A refusal as a chat text in the reader's language: a message's own words kept and its parameters inert,
 * a plain string inert as a whole, lines one under the other.
 */
export function refusalChatText(text: RefusalText, locale: Locale): ChatText {
  if (typeof text === 'string') return inertChatText(text);
  if (isLines(text))
    return joinChatText(
      text.map((line) => (typeof line === 'string' ? line : chatTextFromMessage(line, locale))),
      '\n',
    );
  return 'key' in text ? chatTextFromMessage(text, locale) : text;
}

function isLines(text: RefusalText): text is readonly (Message | string)[] {
  return Array.isArray(text);
}
