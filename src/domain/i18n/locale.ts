/** The card languages Larkgate writes (Lark card JSON 2.0 locale ids). The first is the default. */
export const LOCALES = ['en_us', 'zh_cn', 'vi_vn', 'ja_jp'] as const;
export type Locale = (typeof LOCALES)[number];

/** One text in every locale: what a card's `i18n_content` carries. */
export type LocalText = Readonly<Record<Locale, string>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
