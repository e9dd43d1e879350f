import { canonicalJson } from './canonical-json.js';
import type { CellValue, FieldMeta } from './cell-value.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Bounds for copying unexpected shapes, so a hostile or broken payload cannot make this slow. */
const MAX_COPY_DEPTH = 12;
const MAX_COPY_NODES = 10_000;

/**
 * One cell as Lark reads it (search, get, batch_get, legacy list; docs/reference/lark-api.md §2.3) → canonical form
 * (cell-value.ts). Never throws: a shape it does not expect becomes a best-effort value or null.
 *
 * Empty is null: Lark omits empty cells, so `undefined`, `null`, `""` and `[]` all mean "no value"; the one
 * exception is a checkbox, which is `false` when unticked or absent (Lark cannot tell the two apart).
 * Text: segments (`text`, `mention`, `url`) are joined by their `text`; a plain string (legacy list) is
 * taken as is. User: the `id` of each person. Link: `link_record_ids` (or a plain array of ids). Url:
 * `{text, link}`. Read-only types become the closest canonical shape for showing and comparing:
 * created/modified time → ms; created/modified by → open_ids; auto number → string; formula and lookup →
 * their inner value by its own type; attachment → file names; location → its address; group chat →
 * chat names. Unknown types keep a scalar, a list of texts or `{text, link}` as is, and anything else
 * becomes its canonical JSON text (a string), so the value stays JSON-safe and displayable.
 */
export function normalizeReadCell(field: FieldMeta, value: unknown): CellValue {
  try {
    return normalizeByType(field.type, value, 0);
  } catch {
    return field.type === 7 ? false : null;
  }
}

function normalizeByType(type: number, value: unknown, depth: number): CellValue {
  switch (type) {
    case 1:
    case 13:
      return nonEmpty(textOf(value));
    case 2:
    case 5:
    case 1001:
    case 1002:
      return numberOf(value);
    case 3:
      return nonEmpty(nameOf(single(value)));
    case 4:
      return nonEmptyList(listOf(value, nameOf));
    case 7:
      return checkboxOf(single(value));
    case 11:
    case 1003:
    case 1004:
      return nonEmptyList(listOf(value, idOf));
    case 15:
      return urlOf(value);
    case 18:
    case 21:
      return nonEmptyList(linkIdsOf(value));
    case 1005:
      return nonEmpty(textOf(single(value)));
    case 17:
      return nonEmptyList(
        listOf(value, (item) => stringField(item, 'name') ?? stringField(item, 'file_token')),
      );
    case 22:
      return nonEmpty(locationOf(value));
    case 23:
      return nonEmptyList(listOf(value, (item) => stringField(item, 'name') || stringField(item, 'id')));
    case 19:
    case 20:
      return computedOf(value, depth);
    default:
      return bestEffort(value);
  }
}

/** Formula and lookup: `{type, value}`, the inner value read by the inner type; else best effort. */
function computedOf(value: unknown, depth: number): CellValue {
  if (isRecord(value) && 'value' in value) {
    const inner = value.value;
    if (typeof value.type === 'number' && depth < 2 && value.type !== 19 && value.type !== 20) {
      const normalized = normalizeByType(value.type, inner, depth + 1);
      if (normalized !== null) return normalized;
    }
    return bestEffort(inner);
  }
  return bestEffort(value);
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map((segment) => segmentText(segment)).join('');
  if (isRecord(value)) return stringField(value, 'text');
  return null;
}

function segmentText(segment: unknown): string {
  if (typeof segment === 'string') return segment;
  if (typeof segment === 'number' && Number.isFinite(segment)) return String(segment);
  if (isRecord(segment)) return stringField(segment, 'text') ?? stringField(segment, 'name') ?? '';
  return '';
}

function numberOf(value: unknown): number | null {
  const item = single(value);
  if (typeof item === 'number') return Number.isFinite(item) ? item + 0 : null;
  if (typeof item === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(item)) {
    const parsed = Number(item);
    return Number.isFinite(parsed) ? parsed + 0 : null;
  }
  return null;
}

function checkboxOf(value: unknown): boolean {
  return value === true || value === 'true';
}

function nameOf(item: unknown): string | null {
  if (typeof item === 'string') return item;
  return stringField(item, 'text') ?? stringField(item, 'name');
}

function idOf(item: unknown): string | null {
  if (typeof item === 'string') return item;
  return stringField(item, 'id') ?? stringField(item, 'open_id');
}

function urlOf(value: unknown): CellValue {
  const item = Array.isArray(value)
    ? (value.find((segment) => stringField(segment, 'link')) ?? single(value))
    : value;
  if (typeof item === 'string') return item === '' ? null : { text: item, link: item };
  const link = stringField(item, 'link');
  if (!link) return nonEmpty(textOf(item));
  const text = stringField(item, 'text');
  return { text: text ? text : link, link };
}

function linkIdsOf(value: unknown): string[] {
  if (isRecord(value) && Array.isArray(value.link_record_ids)) {
    return value.link_record_ids.filter((id): id is string => typeof id === 'string' && id !== '');
  }
  if (!Array.isArray(value)) return typeof value === 'string' && value !== '' ? [value] : [];
  return value.flatMap((item): string[] => {
    if (typeof item === 'string') return item === '' ? [] : [item];
    if (isRecord(item) && Array.isArray(item.record_ids)) {
      return item.record_ids.filter((id): id is string => typeof id === 'string' && id !== '');
    }
    const id = stringField(item, 'record_id');
    return id ? [id] : [];
  });
}

function locationOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  for (const key of ['full_address', 'address', 'name', 'location']) {
    const text = stringField(value, key);
    if (text) return text;
  }
  return null;
}

/** Any value → a canonical one, for shapes no type rule covers. */
function bestEffort(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value === '' ? null : value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  if (Array.isArray(value)) {
    return nonEmptyList(
      value
        .map((item) =>
          typeof item === 'string' ? item : typeof item === 'number' ? textOf(item) : scalarText(item),
        )
        .filter((item): item is string => item !== null && item !== ''),
    );
  }
  const link = stringField(value, 'link');
  const text = stringField(value, 'text');
  if (link) return { text: text ? text : link, link };
  if (text) return text;
  return jsonText(value);
}

/** An object or nested list inside a list, as one string. */
function scalarText(item: unknown): string | null {
  if (typeof item === 'boolean') return String(item);
  return stringField(item, 'text') || stringField(item, 'name') || stringField(item, 'id') || jsonText(item);
}

function jsonText(value: unknown): string | null {
  const budget = { nodes: MAX_COPY_NODES };
  const copy = jsonSafe(value, 0, new Set(), budget);
  return copy === null ? null : canonicalJson(copy);
}

/** A JSON-safe copy: non-finite numbers, functions, cycles and anything past the bounds become null. */
function jsonSafe(value: unknown, depth: number, ancestors: Set<object>, budget: { nodes: number }): Json {
  budget.nodes--;
  if (budget.nodes < 0 || depth > MAX_COPY_DEPTH) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || value === null || ancestors.has(value)) return null;
  ancestors.add(value);
  let copy: Json;
  if (Array.isArray(value)) {
    copy = value.map((item) => jsonSafe(item, depth + 1, ancestors, budget));
  } else {
    const entries: [string, Json][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) entries.push([key, jsonSafe(item, depth + 1, ancestors, budget)]);
    }
    copy = Object.fromEntries(entries);
  }
  ancestors.delete(value);
  return copy;
}

function listOf(value: unknown, pick: (item: unknown) => string | null): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map(pick).filter((item): item is string => item !== null && item !== '');
}

/** A one-element array's element (Lark wraps some scalars, e.g. formula results); else the value. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function stringField(value: unknown, key: string): string | null {
  if (!isRecord(value)) return null;
  const field = value[key];
  return typeof field === 'string' ? field : null;
}

function nonEmpty(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

function nonEmptyList(items: string[]): string[] | null {
  return items.length === 0 ? null : items;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
