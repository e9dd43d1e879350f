import { LOCALES, type Locale, type LocalText } from '../src/domain/i18n/locale.js';
import { makeInert } from '../src/domain/make-inert.js';

/** Small builders for Lark card JSON 2.0 parts (docs/reference/lark-api.md §5.1). Pure data, no I/O. */
export type CardElement = Record<string, unknown>;
export type Card = {
  schema: '2.0';
  config: Record<string, unknown>;
  header: Record<string, unknown>;
  body: { elements: CardElement[] };
};

export type HeaderColor =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey';

export type Tag = {
  text: CardText;
  color:
    | 'neutral'
    | 'blue'
    | 'turquoise'
    | 'lime'
    | 'orange'
    | 'violet'
    | 'indigo'
    | 'wathet'
    | 'green'
    | 'yellow'
    | 'red'
    | 'purple'
    | 'carmine';
};

/**
 * Every plain_text in a card (header, tags, buttons, confirmations, summary, `text` table cells and column
 * names) goes through here: it often carries a table or field name, so links and invisible controls are
 * made inert (plain_text has no other markup). Markdown is the builders' job (escapeLarkMd).
 */
export type CardText = string | LocalText;

/**
 * A text for a card, carrying `i18n_content` in every locale (card JSON 2.0 local multi-language), so each
 * reader's Lark client shows its own; `content` is the en_us text, what a client without a matching locale
 * shows. A plain string (an id, a tier, a field name) is the same text in every locale.
 */
function localized(
  text: CardText,
  each: (content: string) => string,
): { content: string; i18n_content: Record<Locale, string> } {
  const i18n = {} as Record<Locale, string>;
  for (const locale of LOCALES) i18n[locale] = each(typeof text === 'string' ? text : text[locale]);
  return { content: i18n.en_us, i18n_content: i18n };
}

const plain = (content: CardText) => ({
  tag: 'plain_text',
  ...localized(content, (text) => makeInert(text, 'plain_text')),
});

export function buildCard(input: {
  title: CardText;
  subtitle?: CardText;
  color: HeaderColor;
  tags?: Tag[];
  summary: CardText;
  elements: CardElement[];
}): Card {
  return {
    schema: '2.0',
    // JSON 2.0 cards are always shared: update_multi must be true (docs/reference/lark-api.md §5.1).
    config: {
      update_multi: true,
      width_mode: 'fill',
      // Card JSON 2.0 multi-language: the locales this card is written in (each text's i18n_content).
      locales: [...LOCALES],
      summary: localized(input.summary, (text) => makeInert(text, 'plain_text')),
    },
    header: {
      title: plain(input.title),
      ...(input.subtitle ? { subtitle: plain(input.subtitle) } : {}),
      template: input.color,
      // At most 3 header tags.
      text_tag_list: (input.tags ?? [])
        .slice(0, 3)
        .map((tag) => ({ tag: 'text_tag', text: plain(tag.text), color: tag.color })),
    },
    body: { elements: input.elements },
  };
}

/** Markdown is escaped by the builders (escapeLarkMd) before it gets here, in every locale. */
export function markdown(content: CardText): CardElement {
  return { tag: 'markdown', ...localized(content, (text) => text) };
}

export function divider(): CardElement {
  return { tag: 'hr' };
}

export type TableColumn = { name: string; displayName: string; dataType: 'text' | 'lark_md' };

/** A table component: ≤ 50 columns, page_size 1–10, at most 5 tables per card, never nested. */
export function table(columns: TableColumn[], rows: Record<string, string>[], pageSize = 10): CardElement {
  return {
    tag: 'table',
    page_size: Math.min(10, Math.max(1, pageSize)),
    row_height: 'low',
    header_style: { bold: true, background_style: 'grey' },
    columns: columns.slice(0, 50).map((column) => ({
      name: column.name,
      // A table column name is a plain string in card JSON 2.0 (no i18n_ form): it stays en_us.
      display_name: makeInert(column.displayName, 'plain_text'),
      data_type: column.dataType,
      width: 'auto',
    })),
    rows: rows.map((row) => plainColumns(columns, row)),
  };
}

/** `text` cells shown as plain text: inert (lark_md cells were escaped by the builder, mentions kept). */
function plainColumns(columns: readonly TableColumn[], row: Record<string, string>): Record<string, string> {
  const out = { ...row };
  for (const column of columns) {
    const value = out[column.name];
    if (column.dataType === 'text' && value !== undefined) out[column.name] = makeInert(value, 'plain_text');
  }
  return out;
}

export function button(input: {
  text: CardText;
  type: 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled';
  value: Record<string, string>;
  confirm?: { title: CardText; text: CardText };
}): CardElement {
  return {
    tag: 'button',
    text: plain(input.text),
    type: input.type,
    ...(input.confirm
      ? { confirm: { title: plain(input.confirm.title), text: plain(input.confirm.text) } }
      : {}),
    behaviors: [{ type: 'callback', value: input.value }],
  };
}

/** Buttons side by side (JSON 2.0 has no "action" module). */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: 'default',
    columns: buttons.map((element) => ({ tag: 'column', width: 'auto', elements: [element] })),
  };
}
