/**
 * Cell values in Larkgate's canonical form. Lark reads and writes cells in different shapes
 * (docs/reference/lark-api.md §2.3: text is written as a string and read back as segments, links are written as ids and
 * read back as `{link_record_ids}` …); every value Larkgate compares, hashes, backs up or shows is in
 * this one form, converted at the edges.
 *
 * | type | canonical value |
 * |---|---|
 * | 1 text, 13 phone | string |
 * | 2 number | number |
 * | 3 single select | string (option name) |
 * | 4 multi select | string[] (option names, in order) |
 * | 5 date time | number (ms since epoch) |
 * | 7 checkbox | boolean |
 * | 11 user | string[] (open_ids) |
 * | 15 url | { text, link } |
 * | 18 / 21 link | string[] (record ids) |
 * | anything else | read-only: whatever Lark returned, never written |
 * An empty cell is null.
 */
export type CellValue = string | number | boolean | string[] | { text: string; link: string } | null;

/** Cells keyed by field name, as Lark keys them. */
export type Cells = Record<string, CellValue>;

export const FIELD_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'text',
  2: 'number',
  3: 'single select',
  4: 'multi select',
  5: 'date',
  7: 'checkbox',
  11: 'user',
  13: 'phone',
  15: 'url',
  17: 'attachment',
  18: 'link',
  19: 'lookup',
  20: 'formula',
  21: 'two-way link',
  22: 'location',
  23: 'group chat',
  1001: 'created time',
  1002: 'modified time',
  1003: 'created by',
  1004: 'modified by',
  1005: 'auto number',
};

/** Field types Larkgate converts from chat text and writes. Everything else is shown but never written. */
export const WRITABLE_FIELD_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 7, 11, 13, 15, 18, 21]);

/** What Larkgate knows about a field, from the fields list. */
export type FieldMeta = {
  fieldId: string;
  name: string;
  type: number;
  isPrimary: boolean;
  /** Option names for single and multi select fields. */
  options: readonly string[];
};

export function isWritableField(field: FieldMeta): boolean {
  return WRITABLE_FIELD_TYPES.has(field.type);
}
