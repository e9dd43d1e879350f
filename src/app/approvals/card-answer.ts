import type { Locale } from '../../domain/i18n/locale.js';
import { LOCALES } from '../../domain/i18n/locale.js';
import { type Message, renderMessage } from '../../domain/i18n/message.js';

/**
 * A toast: `content` in English, and `i18n` with the same text in every locale, so each clicker's Lark
 * client shows its own language (docs/reference/lark-api.md: `toast.i18n`).
 */
export type Toast = {
  type: 'info' | 'success' | 'error' | 'warning';
  content: string;
  i18n?: Partial<Record<Locale, string>>;
};

/** What a click is answered with, within Lark's 3 s: a toast, and the card that replaces the clicked one. */
export type CardAnswer = {
  toast: Toast;
  card?: { type: 'raw'; data: object };
};

/**
 * A toast saying catalogue messages (joined by `separator`) in every locale. A toast is plain text, so the
 * parameters are shown as they are.
 */
export function toastOf(
  type: Toast['type'],
  text: Message | readonly (Message | string)[],
  separator = '; ',
): Toast {
  const parts = Array.isArray(text) ? text : [text as Message];
  const say = (locale: Locale) =>
    parts.map((part) => (typeof part === 'string' ? part : renderMessage(part, locale))).join(separator);
  const i18n = Object.fromEntries(LOCALES.map((locale) => [locale, say(locale)])) as Record<Locale, string>;
  return { type, content: i18n.en_us, i18n };
}
