import { type CellValue, FIELD_TYPE_NAMES, type FieldMeta, isWritableField } from './cell-value.js';
import { RECORD_ID_PATTERN } from './command.js';
import { listOf, type Message, type MessageArg, message, verbatim } from './i18n/message.js';
import type { MessageKey } from './i18n/messages-en-us.js';
import { parseChatDate } from './parse-chat-date.js';
import { suggestClosest } from './suggest.js';
import { toDecimalString } from './to-decimal-string.js';

/** A refusal says what the field expects, as a catalogue message (the reader's language at the edge). */
export type ChatValueResult = { ok: true; value: CellValue } | { ok: false; error: Message };

/** Lark's cell limits (docs/reference/lark-api.md §2.3). */
export const MAX_TEXT_CHARS = 100_000;
export const MAX_PHONE_CHARS = 64;
export const MAX_MULTI_SELECT_OPTIONS = 1_000;
export const MAX_USERS = 1_000;
export const MAX_LINKED_RECORDS = 500;

/** Types Lark computes itself. */
const READ_ONLY_TYPES = new Set([19, 20, 1001, 1002, 1003, 1004, 1005]);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,100}$/;
const PHONE = /^\+?\d+$/;
const LIST_SEPARATOR = /[,，、]/u;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', '✓', '✔', '☑', '✅']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', '✗', '✘', '☐', '❌']);
const OPTIONS_SHOWN = 15;
/** Example addresses in a URL field's refusal: parameters, so a chat shows them inert (never a live link). */
const URL_EXAMPLES = { example: 'https://example.com', labelled: 'Text|https://example.com' };

/**
 * Text typed in chat → the canonical value for `field` (cell-value.ts), or a message saying what the field
 * expects. `null` or `""` clears the field; for checkboxes, clearing means unticked (`false`), because Lark
 * cannot tell an unticked box from an empty one. Outside text fields, surrounding spaces are ignored.
 *
 * By type: text as typed (≤ 100,000 chars); number: plain decimal (`-12.5`; no `1,000`, no exponents, at
 * most 15 significant digits so Lark stores it exactly); single select: an existing option, matched
 * exactly or, if unique, ignoring case; multi select: comma-separated existing options, no repeats;
 * checkbox: true/false, yes/no, 1/0, on/off, ✓/✗; date: parseChatDate; user: @mentions (open_ids),
 * comma-separated; phone: digits with an optional leading + (spaces and dashes are dropped), ≤ 64;
 * url: `https://…` or `text|https://…`, http(s) only; link: comma-separated record ids.
 * New select options are never created from chat, although Lark would: a typo must not become an option.
 */
export function convertChatValue(field: FieldMeta, raw: string | null): ChatValueResult {
  if (!isWritableField(field)) return { ok: false, error: describeUnwritable(field) };
  if (raw === null || raw === '') return accept(field.type === 7 ? false : null);
  if (field.type === 1) return convertText(field, raw);
  const text = raw.trim();
  if (text === '') return accept(field.type === 7 ? false : null);
  switch (field.type) {
    case 2:
      return convertNumber(field, text);
    case 3:
      return convertSingleSelect(field, text);
    case 4:
      return convertMultiSelect(field, text);
    case 5: {
      const date = parseChatDate(text.normalize('NFKC'));
      return date.ok
        ? accept(date.ms)
        : refuse('reply.value.date', { field: field.name, reason: date.reason });
    }
    case 7:
      return convertCheckbox(field, text);
    case 11:
      return convertUsers(field, text);
    case 13:
      return convertPhone(field, text);
    case 15:
      return convertUrl(field, text);
    default:
      return convertLinks(field, text);
  }
}

function convertText(field: FieldMeta, raw: string): ChatValueResult {
  if (raw.length > MAX_TEXT_CHARS) {
    return refuse('reply.value.max_chars', {
      field: field.name,
      max: MAX_TEXT_CHARS.toLocaleString('en-US'),
    });
  }
  return accept(raw);
}

function convertNumber(field: FieldMeta, typed: string): ChatValueResult {
  const text = typed.normalize('NFKC');
  if (!NUMBER.test(text))
    return refuse('reply.value.number', { field: field.name, reason: explainNotANumber(text) });
  const value = Number(text) + 0;
  if (!Number.isFinite(value) || toDecimalString(value) !== normalizeDecimal(text)) {
    return refuse('reply.value.number_digits', { field: field.name, text: typed });
  }
  return accept(value);
}

function explainNotANumber(text: string): Message {
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    return message('reply.number.separators', { text, fixed: text.replaceAll(',', '') });
  }
  if (/^[+-]?\d+,\d+$/.test(text))
    return message('reply.number.decimal_point', { fixed: text.replace(',', '.') });
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) return message('reply.number.exponent');
  if (/^[+-]?(\d+\.?\d*|\.\d+)\s*%$/.test(text)) return message('reply.number.percent');
  return message('reply.number.not_a_number', { text: clip(text) });
}

/** The canonical decimal text of a string NUMBER matched: no + sign, no leading or trailing zeros, no "-0". */
function normalizeDecimal(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = unsigned.split('.');
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  const body = decimals === '' ? integer : `${integer}.${decimals}`;
  return negative && body !== '0' ? `-${body}` : body;
}

function convertSingleSelect(field: FieldMeta, text: string): ChatValueResult {
  const option = findOption(field, text);
  return option.ok ? accept(option.name) : { ok: false, error: option.error };
}

function convertMultiSelect(field: FieldMeta, text: string): ChatValueResult {
  const whole = findOption(field, text);
  const items = whole.ok ? [text] : splitList(text);
  if (items.length === 0) return accept(null);
  if (items.length > MAX_MULTI_SELECT_OPTIONS) {
    return refuse('reply.value.max_options', { field: field.name, max: MAX_MULTI_SELECT_OPTIONS });
  }
  const names: string[] = [];
  for (const item of items) {
    const option = findOption(field, item);
    if (!option.ok) return { ok: false, error: option.error };
    if (names.includes(option.name))
      return refuse('reply.value.listed_twice', { field: field.name, item: option.name });
    names.push(option.name);
  }
  return accept(names);
}

type OptionMatch = { ok: true; name: string } | { ok: false; error: Message };

function findOption(field: FieldMeta, typed: string): OptionMatch {
  const text = typed.trim();
  if (field.options.includes(text)) return { ok: true, name: text };
  const lower = text.toLowerCase();
  const matches = field.options.filter((option) => option.trim().toLowerCase() === lower);
  const [only, ...others] = matches;
  if (only !== undefined && others.length === 0) return { ok: true, name: only };
  if (only !== undefined) {
    return {
      ok: false,
      error: message('reply.option.case', {
        field: field.name,
        text: clip(text),
        count: matches.length,
        matches: listOf(matches, ', '),
      }),
    };
  }
  if (field.options.length === 0) {
    return { ok: false, error: message('reply.option.none_yet', { field: field.name, text: clip(text) }) };
  }
  const suggestion = suggestClosest(text, field.options);
  const params = { field: field.name, text: clip(text), options: listOptions(field.options) };
  return {
    ok: false,
    error:
      suggestion === null
        ? message('reply.option.unknown', params)
        : message('reply.option.unknown_hint', { ...params, hint: suggestion }),
  };
}

function listOptions(options: readonly string[]): MessageArg {
  const shown = listOf(options.slice(0, OPTIONS_SHOWN), ', ');
  if (options.length <= OPTIONS_SHOWN) return shown;
  return listOf([shown, message('reply.value.more', { count: options.length - OPTIONS_SHOWN })], ' ');
}

function convertCheckbox(field: FieldMeta, text: string): ChatValueResult {
  const word = text.normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(word)) return accept(true);
  if (FALSE_WORDS.has(word)) return accept(false);
  return refuse('reply.value.checkbox', { field: field.name, text: clip(text) });
}

function convertUsers(field: FieldMeta, text: string): ChatValueResult {
  const items = text.split(/[\s,，、]+/u).filter((item) => item !== '');
  if (items.length === 0) return accept(null);
  if (items.length > MAX_USERS)
    return refuse('reply.value.max_people', { field: field.name, max: MAX_USERS });
  const ids: string[] = [];
  for (const item of items) {
    if (!OPEN_ID.test(item)) {
      return refuse('reply.value.person', { field: field.name, text: clip(item) });
    }
    if (ids.includes(item)) return refuse('reply.value.person_twice', { field: field.name });
    ids.push(item);
  }
  return accept(ids);
}

function convertPhone(field: FieldMeta, text: string): ChatValueResult {
  const phone = text.normalize('NFKC').replace(/[\s-]/gu, '');
  if (!PHONE.test(phone)) {
    return refuse('reply.value.phone', { field: field.name });
  }
  if (phone.length > MAX_PHONE_CHARS)
    return refuse('reply.value.max_chars', { field: field.name, max: MAX_PHONE_CHARS });
  return accept(phone);
}

function convertUrl(field: FieldMeta, text: string): ChatValueResult {
  if (isHttpUrl(text)) return accept({ text, link: text });
  for (let bar = text.indexOf('|'); bar >= 0; bar = text.indexOf('|', bar + 1)) {
    const label = text.slice(0, bar).trim();
    const link = text.slice(bar + 1).trim();
    if (label !== '' && isHttpUrl(link)) return accept({ text: label, link });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text.split('|').pop()?.trim() ?? '');
  if (scheme && !/^https?$/i.test(scheme[1] ?? '')) {
    return refuse('reply.value.url_scheme', { field: field.name, ...URL_EXAMPLES });
  }
  return refuse('reply.value.url', { field: field.name, text: clip(text), ...URL_EXAMPLES });
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function convertLinks(field: FieldMeta, text: string): ChatValueResult {
  const items = text.split(/[\s,，、]+/u).filter((item) => item !== '');
  if (items.length === 0) return accept(null);
  if (items.length > MAX_LINKED_RECORDS)
    return refuse('reply.value.max_links', { field: field.name, max: MAX_LINKED_RECORDS });
  const ids: string[] = [];
  for (const item of items) {
    if (!RECORD_ID_PATTERN.test(item)) {
      return refuse('reply.value.link', { field: field.name, text: clip(item) });
    }
    if (ids.includes(item)) return refuse('reply.value.listed_twice', { field: field.name, item });
    ids.push(item);
  }
  return accept(ids);
}

/** Why a field cannot be set from chat, with the type's name (the English article chosen by the name). */
function describeUnwritable(field: FieldMeta): Message {
  const name = FIELD_TYPE_NAMES[field.type];
  if (name === undefined) return message('reply.value.unknown_type', { field: field.name, type: field.type });
  const params = { field: field.name, type: verbatim(name === 'url' ? 'URL' : name) };
  const an = /^[aeio]/.test(name);
  if (READ_ONLY_TYPES.has(field.type))
    return message(an ? 'reply.value.read_only_an' : 'reply.value.read_only', params);
  return message(an ? 'reply.value.unsupported_an' : 'reply.value.unsupported', params);
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function accept(value: CellValue): ChatValueResult {
  return { ok: true, value };
}

function refuse(key: MessageKey, params: Readonly<Record<string, MessageArg>> = {}): ChatValueResult {
  return { ok: false, error: message(key, params) };
}
