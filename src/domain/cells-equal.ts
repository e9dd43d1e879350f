import { canonicalJson } from './canonical-json.js';
import type { CellValue } from './cell-value.js';

/**
 * Whether two canonical values are the same cell content: used to decide "no change", "stale" and
 * "verified". Lists (multi select, people, links) compare as multisets, since Lark does not promise to
 * keep their order. Every kind of empty is equal: null, `""`, `[]`, and `false` (an unticked checkbox
 * reads as absent, and no other type has a `false`). Numbers compare by value (`0` equals `-0`). Never throws.
 */
export function cellsEqual(a: CellValue, b: CellValue): boolean {
  if (a === b) return true;
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (Array.isArray(a) && Array.isArray(b)) return sameMultiset(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (!Array.isArray(a) && !Array.isArray(b) && a.text === b.text && a.link === b.link) return true;
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const key = (item: unknown): string => (typeof item === 'string' ? `s${item}` : `j${safeJson(item)}`);
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((item, index) => item === right[index]);
}

function safeJson(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    return String(value);
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === false ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}
