import { type CellValue, type FieldMeta, isWritableField } from './cell-value.js';
import { RECORD_ID_PATTERN } from './command.js';
import { describeFieldType } from './describe-field-type.js';
import { parseChatDate } from './parse-chat-date.js';
import { suggestClosest } from './suggest.js';
import { toDecimalString } from './to-decimal-string.js';

export type ChatValueResult = { ok: true; value: CellValue } | { ok: false; error: string };

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
  if (!isWritableField(field)) return refuse(describeUnwritable(field));
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
      return date.ok ? accept(date.ms) : refuse(`${field.name} is a date field: ${date.reason}`);
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
    return refuse(`${field.name} holds at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters.`);
  }
  return accept(raw);
}

function convertNumber(field: FieldMeta, typed: string): ChatValueResult {
  const text = typed.normalize('NFKC');
  if (!NUMBER.test(text)) return refuse(`${field.name} is a number field: ${explainNotANumber(text)}`);
  const value = Number(text) + 0;
  if (!Number.isFinite(value) || toDecimalString(value) !== normalizeDecimal(text)) {
    return refuse(
      `${field.name} is a number field: ${typed} has more digits than Lark stores exactly (about 15 significant digits).`,
    );
  }
  return accept(value);
}

function explainNotANumber(text: string): string {
  const example = 'write it like 42, -3 or 12.5';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    return `write ${text} without thousands separators: ${text.replaceAll(',', '')}.`;
  }
  if (/^[+-]?\d+,\d+$/.test(text)) return `use a point for decimals: ${text.replace(',', '.')}.`;
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text))
    return `write the number out in full, without an exponent.`;
  if (/^[+-]?(\d+\.?\d*|\.\d+)\s*%$/.test(text)) return `write the number without the % sign.`;
  return `"${clip(text)}" is not a number; ${example}.`;
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
  return option.ok ? accept(option.name) : refuse(option.error);
}

function convertMultiSelect(field: FieldMeta, text: string): ChatValueResult {
  const whole = findOption(field, text);
  const items = whole.ok ? [text] : splitList(text);
  if (items.length === 0) return accept(null);
  if (items.length > MAX_MULTI_SELECT_OPTIONS) {
    return refuse(`${field.name} holds at most ${MAX_MULTI_SELECT_OPTIONS} options.`);
  }
  const names: string[] = [];
  for (const item of items) {
    const option = findOption(field, item);
    if (!option.ok) return refuse(option.error);
    if (names.includes(option.name)) return refuse(`${field.name}: ${option.name} is listed twice.`);
    names.push(option.name);
  }
  return accept(names);
}

type OptionMatch = { ok: true; name: string } | { ok: false; error: string };

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
      error: `${field.name}: "${clip(text)}" matches ${matches.length} options that differ only in case (${matches.join(', ')}); type one exactly.`,
    };
  }
  if (field.options.length === 0) {
    return {
      ok: false,
      error: `${field.name} has no options yet. I only pick existing options; add "${clip(text)}" in Lark first.`,
    };
  }
  const suggestion = suggestClosest(text, field.options);
  const hint = suggestion === null ? '' : ` Did you mean ${suggestion}?`;
  return {
    ok: false,
    error: `${field.name} has no option "${clip(text)}".${hint} Options: ${listOptions(field.options)}. I don't create options from chat; add new ones in Lark first.`,
  };
}

function listOptions(options: readonly string[]): string {
  const shown = options.slice(0, OPTIONS_SHOWN).join(', ');
  return options.length > OPTIONS_SHOWN ? `${shown} (+${options.length - OPTIONS_SHOWN} more)` : shown;
}

function convertCheckbox(field: FieldMeta, text: string): ChatValueResult {
  const word = text.normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(word)) return accept(true);
  if (FALSE_WORDS.has(word)) return accept(false);
  return refuse(
    `${field.name} is a checkbox field: write yes or no (also true/false, 1/0, on/off, ✓/✗), not "${clip(text)}".`,
  );
}

function convertUsers(field: FieldMeta, text: string): ChatValueResult {
  const items = text.split(/[\s,，、]+/u).filter((item) => item !== '');
  if (items.length === 0) return accept(null);
  if (items.length > MAX_USERS) return refuse(`${field.name} holds at most ${MAX_USERS} people.`);
  const ids: string[] = [];
  for (const item of items) {
    if (!OPEN_ID.test(item)) {
      return refuse(
        `${field.name} is a person field: @mention people in your message (and separate several with commas); "${clip(item)}" is not someone I can recognise.`,
      );
    }
    if (ids.includes(item)) return refuse(`${field.name}: the same person is listed twice.`);
    ids.push(item);
  }
  return accept(ids);
}

function convertPhone(field: FieldMeta, text: string): ChatValueResult {
  const phone = text.normalize('NFKC').replace(/[\s-]/gu, '');
  if (!PHONE.test(phone)) {
    return refuse(
      `${field.name} is a phone field: use digits with an optional leading +, like +8613800000000.`,
    );
  }
  if (phone.length > MAX_PHONE_CHARS)
    return refuse(`${field.name} holds at most ${MAX_PHONE_CHARS} characters.`);
  return accept(phone);
}

function convertUrl(field: FieldMeta, text: string): ChatValueResult {
  const usage = 'write a web address like https://example.com, or Text|https://example.com to show text';
  if (isHttpUrl(text)) return accept({ text, link: text });
  for (let bar = text.indexOf('|'); bar >= 0; bar = text.indexOf('|', bar + 1)) {
    const label = text.slice(0, bar).trim();
    const link = text.slice(bar + 1).trim();
    if (label !== '' && isHttpUrl(link)) return accept({ text: label, link });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text.split('|').pop()?.trim() ?? '');
  if (scheme && !/^https?$/i.test(scheme[1] ?? '')) {
    return refuse(`${field.name} is a URL field: only http and https addresses are allowed; ${usage}.`);
  }
  return refuse(`${field.name} is a URL field: "${clip(text)}" is not a web address; ${usage}.`);
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
    return refuse(`${field.name} links at most ${MAX_LINKED_RECORDS} records.`);
  const ids: string[] = [];
  for (const item of items) {
    if (!RECORD_ID_PATTERN.test(item)) {
      return refuse(
        `${field.name} links to records: give record ids like recAbc123, separated by commas; "${clip(item)}" is not one.`,
      );
    }
    if (ids.includes(item)) return refuse(`${field.name}: ${item} is listed twice.`);
    ids.push(item);
  }
  return accept(ids);
}

function describeUnwritable(field: FieldMeta): string {
  const kind = describeFieldType(field.type);
  if (READ_ONLY_TYPES.has(field.type)) return `${field.name} is ${kind} and cannot be written.`;
  return `${field.name} is ${kind}; I cannot write those from chat.`;
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

function refuse(error: string): ChatValueResult {
  return { ok: false, error };
}
