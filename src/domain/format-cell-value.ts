import type { CellValue, FieldMeta } from './cell-value.js';
import { toDecimalString } from './to-decimal-string.js';

export type FormatOptions = {
  /** Longest text shown before it is cut with an explicit `… (+N chars)` marker. */
  maxChars?: number;
};

export const DEFAULT_MAX_CHARS = 200;

const DATE_TYPES = new Set([5, 1001, 1002]);
const USER_TYPES = new Set([11, 1003, 1004]);
const OPEN_ID = /^ou_[A-Za-z0-9_-]+$/;
/** Dates Date can represent (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15;

/**
 * A canonical value as short human text for cards and replies. It is plain text, not escaped: put it
 * through the card's markdown escaping (cards/escape-lark-md.ts). The only markup it produces is a user
 * mention, `<at id=ou_x></at>`, when `field` says the value is people (Lark renders the name).
 *
 * Empty is `∅`; checkboxes `yes`/`no`; numbers in plain decimals; dates (when `field` is a date) in UTC,
 * `2026-12-01` at midnight and `2026-12-01 09:30Z` otherwise (the same forms chat accepts); lists joined
 * with `, `; links as `text (https://…)`, or just the address when the text is the address. Text longer
 * than `maxChars` is cut with `… (+N chars)`, lists with `… (+N more)`: never silently. Never throws.
 */
export function formatCellValue(value: CellValue, field?: FieldMeta, options: FormatOptions = {}): string {
  const maxChars = Math.max(1, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS));
  try {
    return format(value, field?.type, maxChars);
  } catch {
    return '?';
  }
}

function format(value: unknown, type: number | undefined, maxChars: number): string {
  if (value === null || value === undefined || value === '') return '∅';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return type !== undefined && DATE_TYPES.has(type) ? formatDate(value) : toDecimalString(value);
  }
  if (typeof value === 'string') return truncate(value, maxChars);
  if (Array.isArray(value)) {
    const mention = type !== undefined && USER_TYPES.has(type);
    return formatList(value, maxChars, (item) =>
      mention && typeof item === 'string' && OPEN_ID.test(item)
        ? `<at id=${item}></at>`
        : format(item, undefined, maxChars),
    );
  }
  if (typeof value === 'object') {
    const { text, link } = value as { text?: unknown; link?: unknown };
    if (typeof link === 'string') {
      const label = typeof text === 'string' && text !== '' ? text : link;
      return label === link
        ? truncate(link, maxChars)
        : `${truncate(label, maxChars)} (${truncate(link, maxChars)})`;
    }
    return truncate(JSON.stringify(value) ?? '?', maxChars);
  }
  return truncate(String(value), maxChars);
}

/** Items while the visible text fits `maxChars` (at least one), then how many were left out. */
function formatList(items: readonly unknown[], maxChars: number, show: (item: unknown) => string): string {
  if (items.length === 0) return '∅';
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    const text = show(item);
    const visible = text.startsWith('<at id=') ? 12 : text.length;
    if (shown.length > 0 && length + 2 + visible > maxChars) break;
    shown.push(text);
    length += (shown.length > 1 ? 2 : 0) + visible;
  }
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')}, … (+${rest} more)` : shown.join(', ');
}

function formatDate(ms: number): string {
  if (Math.abs(ms) > MAX_DATE_MS) return toDecimalString(ms);
  const iso = new Date(ms).toISOString();
  const date = iso.slice(0, iso.indexOf('T'));
  const time = iso.slice(iso.indexOf('T') + 1, -1);
  if (time === '00:00:00.000') return date;
  if (time.endsWith(':00.000')) return `${date} ${time.slice(0, 5)}Z`;
  if (time.endsWith('.000')) return `${date} ${time.slice(0, 8)}Z`;
  return `${date} ${time}Z`;
}

/** At most `maxChars` characters (code points, so no emoji is split), then `… (+N chars)`. */
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, maxChars).join('')}… (+${chars.length - maxChars} chars)`;
}
