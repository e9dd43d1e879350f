import type { CellValue, FieldMeta } from './cell-value.js';
import { fieldTypeArg } from './field-type-arg.js';
import { type Message, type MessageArg, message } from './i18n/message.js';
import { suggestClosest } from './suggest.js';
import { toDecimalString } from './to-decimal-string.js';

export type SearchOperator = 'is' | 'contains' | 'isEmpty';
export type SearchFilterCondition = { field_name: string; operator: SearchOperator; value: string[] };
/** The `filter` of a records search body (docs/reference/lark-api.md §2.2). */
export type SearchFilter = { conjunction: 'and'; conditions: SearchFilterCondition[] };
/** `filter` is null when there are no conditions: leave it out of the request. */
export type SearchFilterResult = { ok: true; filter: SearchFilter | null } | { ok: false; error: Message };
export type SearchCondition = { field: string; value: CellValue };

/** Lark's documented limits for one filter group (docs/reference/lark-api.md §2.2). */
export const MAX_FILTER_CONDITIONS = 50;
export const MAX_FILTER_CHARS = 2_000;

const LIST_TYPES = new Set([4, 11, 18, 21, 1003, 1004]);
const TEXT_TYPES = new Set([1, 3, 13, 1005]);
const DATE_TYPES = new Set([5, 1001, 1002]);

type Built = { ok: true; conditions: SearchFilterCondition[] } | { ok: false; error: Message };

/**
 * "Every field has this value" conditions, in canonical form, → a Lark search filter joined by `and`.
 *
 * - empty (null, `""`, `[]`): `isEmpty` with `value: []`; for a checkbox, `is ["false"]` (unticked);
 * - text, phone, single select, auto number: `is [text]` (exact match); url: `is [its text]`;
 * - number: `is ["<decimal>"]`; checkbox: `is ["true" | "false"]`;
 * - date: `is ["ExactDate", "<ms>"]`, which Lark matches by day in the Base's time zone;
 * - multi select, people, links: one `contains [item]` per item, so a record matches when it has every
 *   item given (and possibly more); Lark's `is` would demand the exact set, which is rarely what a
 *   search means, and `contains` with several values means "any of them".
 * Formula and lookup fields cannot be filtered (Lark refuses them), nor attachments, locations or
 * group chats except for emptiness. At most 50 conditions and 2,000 characters of filter; each condition
 * carries at most two values, well inside Lark's ten.
 */
export function buildSearchFilter(
  fields: readonly FieldMeta[],
  conditions: readonly SearchCondition[],
): SearchFilterResult {
  if (conditions.length === 0) return { ok: true, filter: null };
  const built: SearchFilterCondition[] = [];
  for (const condition of conditions) {
    const field = findField(fields, condition.field);
    if (!field.ok) return field;
    const result = buildConditions(field.field, condition.value);
    if (!result.ok) return result;
    built.push(...result.conditions);
  }
  if (built.length > MAX_FILTER_CONDITIONS) {
    return {
      ok: false,
      error: message('reply.search.too_many', { count: built.length, max: MAX_FILTER_CONDITIONS }),
    };
  }
  const filter: SearchFilter = { conjunction: 'and', conditions: built };
  const length = JSON.stringify(filter).length;
  if (length > MAX_FILTER_CHARS) {
    return {
      ok: false,
      error: message('reply.search.too_long', {
        length: length.toLocaleString('en-US'),
        max: MAX_FILTER_CHARS.toLocaleString('en-US'),
      }),
    };
  }
  return { ok: true, filter };
}

function buildConditions(field: FieldMeta, value: CellValue): Built {
  const name = field.name;
  const one = (operator: SearchOperator, values: string[]): Built => ({
    ok: true,
    conditions: [{ field_name: name, operator, value: values }],
  });
  if (field.type === 19 || field.type === 20) {
    return { ok: false, error: aboutType('reply.search.unsearchable', field) };
  }
  if (field.type === 7) {
    if (value === null || typeof value === 'boolean') return one('is', [value === true ? 'true' : 'false']);
    return mismatch(field, value);
  }
  if (isEmptyValue(value)) return one('isEmpty', []);
  if (TEXT_TYPES.has(field.type))
    return typeof value === 'string' ? one('is', [value]) : mismatch(field, value);
  if (field.type === 2) {
    return typeof value === 'number' && Number.isFinite(value)
      ? one('is', [toDecimalString(value)])
      : mismatch(field, value);
  }
  if (DATE_TYPES.has(field.type)) {
    return typeof value === 'number' && Number.isFinite(value)
      ? one('is', ['ExactDate', String(Math.trunc(value))])
      : mismatch(field, value);
  }
  if (field.type === 15) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return one('is', [value.text]);
    return mismatch(field, value);
  }
  if (LIST_TYPES.has(field.type)) {
    const items = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items)) return mismatch(field, value);
    const unique = [...new Set(items)];
    return {
      ok: true,
      conditions: unique.map((item) => ({ field_name: name, operator: 'contains' as const, value: [item] })),
    };
  }
  return { ok: false, error: aboutType('reply.search.empty_only', field) };
}

/** A message about a field and its type; English picks "a" or "an" (the `_an` key). */
function aboutType(
  key: 'reply.search.unsearchable' | 'reply.search.empty_only' | 'reply.search.mismatch',
  field: FieldMeta,
  params: Readonly<Record<string, MessageArg>> = {},
): Message {
  const { type, an } = fieldTypeArg(field.type);
  return message(an ? `${key}_an` : key, { field: field.name, type, ...params });
}

function findField(
  fields: readonly FieldMeta[],
  name: string,
): { ok: true; field: FieldMeta } | { ok: false; error: Message } {
  const exact = fields.find((field) => field.name === name);
  if (exact) return { ok: true, field: exact };
  const folded = fields.filter((field) => field.name.toLowerCase() === name.toLowerCase());
  const [only, ...others] = folded;
  if (only && others.length === 0) return { ok: true, field: only };
  const suggestion = suggestClosest(
    name,
    fields.map((field) => field.name),
  );
  return {
    ok: false,
    error: suggestion
      ? message('reply.search.no_field_hint', { field: name, hint: suggestion })
      : message('reply.search.no_field', { field: name }),
  };
}

function mismatch(field: FieldMeta, value: CellValue): Built {
  return { ok: false, error: aboutType('reply.search.mismatch', field, { value: JSON.stringify(value) }) };
}

function isEmptyValue(value: CellValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
