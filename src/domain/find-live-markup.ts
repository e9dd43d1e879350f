import type { InertTarget } from './make-inert.js';

/** Something Lark would render as more than characters: a mention, a link, or other markup. */
export type LiveMarkup = { kind: 'mention' | 'link' | 'markup'; text: string };

/** Every `<at …>` opener Lark (or a lenient reading of it) could take for a mention: any case and spacing. */
const MENTION = /<\s*at(?=[\s>/])[^>]*>?/gi;
const TAG = /<\s*\/?\s*(?!at[\s>/])[a-z][a-z0-9_-]*(?=[\s>/])[^>]*>/gi;
const MARKDOWN_LINK = /!?\[[^\]\n]*\]\([^)\n]*\)/g;
const EMPHASIS = /\*\*[^*\n]+\*\*|~~[^~\n]+~~|__[^_\n]+__/g;
const CODE = /`[^`\n]+`/g;
const MARKDOWN_LINE = /^[ \t]*(?:#{1,6}[ \t]|[-+*][ \t]|\d+\.[ \t]|>|\|)/gm;
const SHORTCODE = /:[A-Za-z][A-Za-z0-9_]*:/g;
/** What clients link on their own: URLs with a scheme, www., bare domains, e-mail addresses. */
const AUTOLINK = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]*/gi,
  /\b(?:mailto|tel|sms|lark|feishu):[^\s<>"]+/gi,
  /\bwww[.。．｡][^\s<>"]+/gi,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}][\p{L}\p{N}-]*(?:[.。．｡][\p{L}\p{N}-]+)*[.。．｡]\p{L}{2,}/gu,
  /(?<![\p{L}\p{N}_-])[\p{L}\p{N}-]+(?:[.。．｡][\p{L}\p{N}-]+)*[.。．｡][A-Za-z]{2,}(?![\p{L}\p{N}])/gu,
];
/** Bidi and other invisible controls that would be obeyed rather than shown. */
const INVISIBLE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The mentions, links and markup that Lark would render in `content` shown as `target`: a reading that is
 * deliberately broader than Lark's, so that text it finds nothing in is inert. For tests and probes that
 * check no hostile text came alive in what the bot posts.
 */
export function findLiveMarkup(content: string, target: InertTarget): LiveMarkup[] {
  const found: LiveMarkup[] = [];
  const add = (kind: LiveMarkup['kind'], pattern: RegExp, text: string) => {
    for (const match of text.matchAll(pattern)) found.push({ kind, text: match[0] });
  };
  add('markup', INVISIBLE, content);
  if (target !== 'plain_text') {
    add('mention', MENTION, content);
    add('markup', TAG, content);
    add('link', MARKDOWN_LINK, content);
    add('markup', EMPHASIS, content);
  }
  if (target === 'card_markdown') {
    add('markup', CODE, content);
    add('markup', MARKDOWN_LINE, content);
    add('markup', SHORTCODE, content);
  }
  // Clients link what the reader sees, after entities are decoded.
  const shown = target === 'card_markdown' ? decodeEntities(content) : content;
  for (const pattern of AUTOLINK) add('link', pattern, shown);
  return found;
}

/**
 * The same over a card: markdown and lark_md as `card_markdown`, plain_text, `text` table cells, column
 * names and the summary as `plain_text`.
 */
export function findLiveMarkupInCard(card: unknown): LiveMarkup[] {
  const found: LiveMarkup[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    // A text's content and each of its translations (card JSON 2.0 i18n_content): every reader's locale.
    const texts = (text: Record<string, unknown>): string[] => [
      ...(typeof text.content === 'string' ? [text.content] : []),
      ...(text.i18n_content && typeof text.i18n_content === 'object'
        ? Object.values(text.i18n_content).filter((value): value is string => typeof value === 'string')
        : []),
    ];
    if (element.tag === 'markdown' || element.tag === 'lark_md')
      for (const text of texts(element)) found.push(...findLiveMarkup(text, 'card_markdown'));
    if (element.tag === 'plain_text')
      for (const text of texts(element)) found.push(...findLiveMarkup(text, 'plain_text'));
    if (element.tag === 'table' && Array.isArray(element.columns) && Array.isArray(element.rows)) {
      for (const column of element.columns as Array<Record<string, unknown>>) {
        found.push(...findLiveMarkup(String(column.display_name ?? ''), 'plain_text'));
        const target = column.data_type === 'lark_md' ? 'card_markdown' : 'plain_text';
        for (const row of element.rows as Array<Record<string, unknown>>) {
          const value = row[String(column.name)];
          if (typeof value === 'string') found.push(...findLiveMarkup(value, target));
        }
      }
    }
    const summary = element.summary;
    if (summary && typeof summary === 'object')
      for (const text of texts(summary as Record<string, unknown>))
        found.push(...findLiveMarkup(text, 'plain_text'));
    for (const [key, value] of Object.entries(element))
      if (key !== 'rows' && key !== 'i18n_content') walk(value);
  };
  walk(card);
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (all, dec, hex, name) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[String(name).toLowerCase()] ?? all;
  });
}
