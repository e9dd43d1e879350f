import type { Locale, LocalText } from './locale.js';
import { LOCALES } from './locale.js';
import { type MessageKey, type Messages, messagesEnUs } from './messages-en-us.js';
import { messagesJaJp } from './messages-ja-jp.js';
import { messagesViVn } from './messages-vi-vn.js';
import { messagesZhCn } from './messages-zh-cn.js';

export const CATALOGUES: Readonly<Record<Locale, Messages>> = {
  en_us: messagesEnUs,
  zh_cn: messagesZhCn,
  vi_vn: messagesViVn,
  ja_jp: messagesJaJp,
};

/** A parameter is a plain string (the same in every locale) or a text already in every locale. */
export type MessageParam = string | number | LocalText;

/**
 * The message `key` in every locale with `{name}` placeholders filled. Parameters are inserted as given:
 * hostile text must be escaped by the caller for where it goes (escapeLarkMd, makeInert), like any text.
 */
export function translate(key: MessageKey, params: Readonly<Record<string, MessageParam>> = {}): LocalText {
  const out = {} as Record<Locale, string>;
  for (const locale of LOCALES) {
    out[locale] = CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'object' ? value[locale] : String(value);
    });
  }
  return out;
}

/** The same text in every locale (ids, field names, values: they stay as they are in the Base). */
export function sameText(text: string): LocalText {
  return { en_us: text, zh_cn: text, vi_vn: text, ja_jp: text };
}

/** Joins texts locale by locale; plain strings are the same in every locale. */
export function joinText(parts: readonly (string | LocalText)[], separator = ''): LocalText {
  const out = {} as Record<Locale, string>;
  for (const locale of LOCALES)
    out[locale] = parts.map((part) => (typeof part === 'string' ? part : part[locale])).join(separator);
  return out;
}
