import type { Locale } from './locale.js';
import type { MessageKey } from './messages-en-us.js';
import { CATALOGUES } from './translate.js';

/**
 * A text Larkgate says, as a value: a catalogue key and its parameters. A refusal carries one (not English
 * words), and the edge renders it in the reader's language (`chatTextFromMessage`, `renderMessage`).
 */
export type Message = { readonly key: MessageKey; readonly params: Readonly<Record<string, MessageArg>> };

/**
 * A parameter: a string or number is someone else's text (chat input, Base values, names from config,
 * ids) and is made inert where it is shown; a `Message` is Larkgate's own, rendered in the same language;
 * `verbatim` is Larkgate's own words that no language changes (command words, usage lines, config keys);
 * `list` joins arguments with Larkgate's own separator.
 */
export type MessageArg =
  | string
  | number
  | Message
  | { readonly verbatim: string }
  | { readonly list: readonly MessageArg[]; readonly separator: string };

export function message(key: MessageKey, params: Readonly<Record<string, MessageArg>> = {}): Message {
  return { key, params };
}

/** Larkgate's own words kept as they are in every language (a command, a usage line, a config key). */
export function verbatim(text: string): MessageArg {
  return { verbatim: text };
}

export function listOf(items: readonly MessageArg[], separator: string): MessageArg {
  return { list: items, separator };
}

/**
 * The message in `locale` with its placeholders filled. `neutralise` is applied to every hostile parameter
 * (strings and numbers), never to the catalogue's own words: `makeInert(…, 'text')` for a chat text;
 * the identity for a CLI or MCP answer, an audit line or a log.
 */
export function renderMessage(
  text: Message,
  locale: Locale,
  neutralise: (hostile: string) => string = (hostile) => hostile,
): string {
  const arg = (value: MessageArg): string => {
    if (typeof value === 'string' || typeof value === 'number') return neutralise(String(value));
    if ('verbatim' in value) return value.verbatim;
    if ('list' in value) return value.list.map(arg).join(value.separator);
    return renderMessage(value, locale, neutralise);
  };
  return CATALOGUES[locale][text.key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = text.params[name];
    return value === undefined ? whole : arg(value);
  });
}

/** A refusal in English as it is (a string not yet in the catalogue) or rendered (a message): CLI, MCP, tests. */
export function inEnglish(text: Message | string): string {
  return typeof text === 'string' ? text : renderMessage(text, 'en_us');
}
