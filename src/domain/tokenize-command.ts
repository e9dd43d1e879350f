import { type Message, message } from './i18n/message.js';
/**
 * Characters that open or close a quoted stretch. Phones turn `"` into typographic quotes (“ ”, „ ‟) and
 * Chinese input methods can type a full-width one (＂), so all of them count, and any of them closes.
 */
export const QUOTE_CHARACTERS: readonly string[] = ['"', '“', '”', '„', '‟', '＂'];

/** A stretch of a token: quoted stretches keep spaces and `=` as typed, with `\"` and `\\` unescaped. */
export type TokenPart = { text: string; quoted: boolean };

export type Token = {
  parts: TokenPart[];
  /** The token's text with quotes removed and escapes resolved. */
  text: string;
  /** The token as typed, for messages. */
  raw: string;
};

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: Message };

const QUOTES = new Set(QUOTE_CHARACTERS);
/** Zero-width space and word joiner: invisible, pasted in from rich text, never meant as part of a word. */
const INVISIBLE_SEPARATORS = new Set(['\u200b', '\u2060']);
const WHITESPACE = /\s/u;

/**
 * Splits chat text into tokens the way a shell would, minus everything a chat user would not expect:
 * whitespace (any Unicode space, newlines, NBSP) separates tokens; a quoted stretch keeps spaces and `=`;
 * inside quotes `\"` is a quote and `\\` a backslash, and any other backslash is kept as typed; outside
 * quotes a backslash is an ordinary character. Adjacent stretches join: `Status="In progress"` is one token.
 */
export function tokenizeCommand(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let parts: TokenPart[] = [];
  let buffer = '';
  let tokenStart = -1;
  let quoteStart = -1;

  const flushToken = (end: number): void => {
    if (buffer !== '') parts.push({ text: buffer, quoted: false });
    if (tokenStart >= 0) {
      tokens.push({ parts, text: parts.map((part) => part.text).join(''), raw: text.slice(tokenStart, end) });
    }
    parts = [];
    buffer = '';
    tokenStart = -1;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (quoteStart >= 0) {
      const next = text[i + 1] ?? '';
      if (char === '\\' && (next === '\\' || QUOTES.has(next))) {
        buffer += next;
        i++;
      } else if (QUOTES.has(char)) {
        parts.push({ text: buffer, quoted: true });
        buffer = '';
        quoteStart = -1;
      } else {
        buffer += char;
      }
    } else if (WHITESPACE.test(char) || INVISIBLE_SEPARATORS.has(char)) {
      flushToken(i);
    } else {
      if (tokenStart < 0) tokenStart = i;
      if (QUOTES.has(char)) {
        if (buffer !== '') parts.push({ text: buffer, quoted: false });
        buffer = '';
        quoteStart = i;
      } else {
        buffer += char;
      }
    }
  }
  if (quoteStart >= 0) {
    const opened = text.slice(quoteStart, quoteStart + 24);
    const shown = quoteStart + 24 < text.length ? `${opened}…` : opened;
    return {
      ok: false,
      error: message('reply.parse.unclosed_quote', { at: shown.trim() }),
    };
  }
  flushToken(text.length);
  return { ok: true, tokens };
}
