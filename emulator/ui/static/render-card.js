import { renderInline, renderMarkdown } from './render-markdown.js';

/**
 * A Lark interactive card (JSON 2.0, and the 1.0 `elements` form) to view nodes, laid out as the Lark
 * client does: header with its template colour, subtitle and tags; markdown; plain text; column sets;
 * tables; notes; buttons with their type, label and disabled state; collapsible panels. Pure: no DOM, so
 * the card-rendering test runs it in Node. An element it does not know is a visible placeholder node
 * (`cls: 'unknown'`), never raw JSON.
 *
 * View nodes are `{ tag, cls?, text?, title?, children?, action? }`; `action` (buttons) is
 * `{ value, confirm?, disabled }`, the callback the page sends when the button is clicked.
 */

const TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);
const BUTTON_TYPES = new Set([
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
]);

/**
 * @param {unknown} card the card JSON as the chat holds it
 * @param {{ nameOf?: (openId: string) => string | undefined, locale?: string }} [options] `locale` is the
 *   reader's client language (default en_us): a text's `i18n_content` entry for it wins over `content`.
 */
export function renderCard(card, options = {}) {
  const ctx = { nameOf: options.nameOf ?? (() => undefined), locale: options.locale ?? 'en_us' };
  if (!isObject(card)) return { tag: 'div', cls: 'card', children: [unknown('card', 'not a card object')] };
  const children = [];
  if (isObject(card.header)) children.push(renderHeader(card.header, ctx));
  const elements = isObject(card.body) ? card.body.elements : card.elements;
  children.push({
    tag: 'div',
    cls: 'card-body',
    children: Array.isArray(elements) ? elements.map((element) => renderElement(element, ctx)) : [],
  });
  return { tag: 'div', cls: 'card', children };
}

/** Every placeholder in a rendered card: the elements the page could not show. */
export function findPlaceholders(node) {
  const found = [];
  const walk = (current) => {
    if (!isObject(current)) return;
    if (current.cls === 'unknown') found.push(current.title ?? current.text);
    for (const child of current.children ?? []) walk(child);
  };
  walk(node);
  return found;
}

/** The text a rendered card shows, for tests and for the page's search. */
export function textOf(node) {
  if (!isObject(node)) return '';
  return `${node.text ?? ''}${(node.children ?? []).map(textOf).join('')}`;
}

function renderHeader(header, ctx) {
  const template = TEMPLATES.has(header.template) ? header.template : 'default';
  const children = [{ tag: 'div', cls: 'card-title', children: renderTextObject(header.title, ctx) }];
  if (isObject(header.subtitle)) {
    children.push({ tag: 'div', cls: 'card-subtitle', children: renderTextObject(header.subtitle, ctx) });
  }
  const tags = Array.isArray(header.text_tag_list) ? header.text_tag_list : [];
  if (tags.length > 0) {
    children.push({
      tag: 'div',
      cls: 'card-tags',
      children: tags.map((tag) => ({
        tag: 'span',
        cls: `text-tag tag-${safeWord(tag?.color, 'neutral')}`,
        children: renderTextObject(tag?.text, ctx),
      })),
    });
  }
  return { tag: 'div', cls: `card-header tpl-${template}`, children };
}

/** A text's content in the reader's locale (card JSON 2.0 `i18n_content`), else its `content`. */
function contentOf(text, ctx) {
  const i18n = text.i18n_content;
  if (isObject(i18n) && typeof i18n[ctx.locale] === 'string') return i18n[ctx.locale];
  return typeof text.content === 'string' ? text.content : '';
}

/** `{tag: 'plain_text' | 'lark_md', content}` or a bare string. */
function renderTextObject(text, ctx) {
  if (typeof text === 'string') return [{ tag: 'span', text }];
  if (!isObject(text)) return [];
  const content = contentOf(text, ctx);
  if (text.tag === 'lark_md' || text.tag === 'markdown') return renderMarkdown(content, ctx);
  return [{ tag: 'span', cls: 'plain', text: content }];
}

function renderElement(element, ctx) {
  if (!isObject(element)) return unknown('?', 'not an element');
  switch (element.tag) {
    case 'markdown':
    case 'lark_md':
      return {
        tag: 'div',
        cls: 'el-markdown',
        children: renderMarkdown(contentOf(element, ctx), ctx),
      };
    case 'plain_text':
      return { tag: 'div', cls: 'el-plain', text: contentOf(element, ctx) };
    case 'div':
      return renderDiv(element, ctx);
    case 'hr':
      return { tag: 'hr', cls: 'el-hr' };
    case 'column_set':
      return {
        tag: 'div',
        cls: 'el-columns',
        children: (Array.isArray(element.columns) ? element.columns : []).map((column) =>
          renderElement(column, ctx),
        ),
      };
    case 'column':
      return {
        tag: 'div',
        cls: `el-column width-${safeWord(element.width, 'auto')}`,
        children: elementsOf(element, ctx),
      };
    case 'table':
      return renderTable(element, ctx);
    case 'button':
      return renderButton(element, ctx);
    case 'action':
      return {
        tag: 'div',
        cls: 'el-columns',
        children: (Array.isArray(element.actions) ? element.actions : []).map((action) =>
          renderElement(action, ctx),
        ),
      };
    case 'note':
      return { tag: 'div', cls: 'el-note', children: elementsOf(element, ctx) };
    case 'img':
      return {
        tag: 'div',
        cls: 'el-img',
        text: `[image${isObject(element.alt) ? `: ${String(element.alt.content ?? '')}` : ''}]`,
      };
    case 'collapsible_panel':
    case 'interactive_container':
      return {
        tag: 'div',
        cls: 'el-panel',
        children: [
          ...(isObject(element.header)
            ? [{ tag: 'div', cls: 'el-panel-title', children: renderTextObject(element.header.title, ctx) }]
            : []),
          ...elementsOf(element, ctx),
        ],
      };
    case 'person':
      return {
        tag: 'span',
        cls: 'mention',
        text: `@${ctx.nameOf(String(element.user_id)) ?? element.user_id}`,
      };
    default:
      return unknown(String(element.tag ?? '?'));
  }
}

function renderDiv(element, ctx) {
  const children = [...renderTextObject(element.text, ctx)];
  for (const field of Array.isArray(element.fields) ? element.fields : []) {
    children.push({ tag: 'div', cls: 'el-field', children: renderTextObject(field?.text, ctx) });
  }
  return { tag: 'div', cls: 'el-div', children };
}

function renderTable(element, ctx) {
  const columns = Array.isArray(element.columns) ? element.columns : [];
  const rows = Array.isArray(element.rows) ? element.rows : [];
  const head = {
    tag: 'tr',
    children: columns.map((column) => ({
      tag: 'th',
      text: String(column?.display_name ?? column?.name ?? ''),
    })),
  };
  const body = rows.map((row) => ({
    tag: 'tr',
    children: columns.map((column) => {
      const value = isObject(row) ? row[column?.name] : undefined;
      if (column?.data_type === 'lark_md') {
        return { tag: 'td', children: renderInline(String(value ?? ''), ctx.nameOf) };
      }
      return { tag: 'td', text: cellText(value) };
    }),
  }));
  return { tag: 'table', cls: 'el-table', children: [head, ...body] };
}

function cellText(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value))
    return value
      .map((item) => (isObject(item) ? String(item.text ?? item.name ?? '') : String(item)))
      .join(', ');
  if (isObject(value)) return String(value.text ?? value.name ?? '');
  return String(value);
}

function renderButton(element, ctx) {
  const type = BUTTON_TYPES.has(element.type) ? element.type : 'default';
  const callback = (Array.isArray(element.behaviors) ? element.behaviors : []).find(
    (behavior) => behavior?.type === 'callback',
  );
  const value = callback ? callback.value : element.value;
  const confirm = isObject(element.confirm)
    ? {
        title: textOf({ children: renderTextObject(element.confirm.title, ctx) }),
        text: textOf({ children: renderTextObject(element.confirm.text, ctx) }),
      }
    : undefined;
  return {
    tag: 'button',
    cls: `el-button btn-${type}`,
    children: renderTextObject(element.text, ctx),
    action: { value, confirm, disabled: element.disabled === true || value === undefined },
  };
}

function elementsOf(element, ctx) {
  return (Array.isArray(element.elements) ? element.elements : []).map((child) => renderElement(child, ctx));
}

function unknown(tag, why) {
  return {
    tag: 'div',
    cls: 'unknown',
    title: tag,
    text: `Unsupported card element "${tag}"${why ? ` (${why})` : ''}`,
  };
}

function safeWord(value, fallback) {
  return typeof value === 'string' && /^[a-z_]{1,20}$/.test(value) ? value : fallback;
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
