/** Field type numbers and their default `ui_type` (docs/reference/lark-api.md §2.3). */
export const UI_TYPES: Record<number, string> = {
  1: 'Text',
  2: 'Number',
  3: 'SingleSelect',
  4: 'MultiSelect',
  5: 'DateTime',
  7: 'Checkbox',
  11: 'User',
  13: 'Phone',
  15: 'Url',
  17: 'Attachment',
  18: 'SingleLink',
  19: 'Lookup',
  20: 'Formula',
  21: 'DuplexLink',
  22: 'Location',
  23: 'GroupChat',
  1001: 'CreatedTime',
  1002: 'ModifiedTime',
  1003: 'CreatedUser',
  1004: 'ModifiedUser',
  1005: 'AutoNumber',
};

/** Types the API computes; writes to them are refused. */
export const READ_ONLY_TYPES: ReadonlySet<number> = new Set([19, 20, 1001, 1002, 1003, 1004, 1005]);

/** Types that can not be used in a search filter ("Formula and lookup fields cannot be filtered", §2.2). */
export const UNFILTERABLE_TYPES: ReadonlySet<number> = new Set([19, 20]);

export function isKnownFieldType(type: number): boolean {
  return UI_TYPES[type] !== undefined;
}
