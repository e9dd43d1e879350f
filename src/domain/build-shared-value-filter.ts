import { buildSearchFilter, type SearchFilter } from './build-search-filter.js';
import type { Cells, FieldMeta } from './cell-value.js';

/** Text and single select: Lark's `is` matches these exactly (build-search-filter.ts). */
const EXACT_TYPES = new Set([1, 3]);

/**
 * A search filter every one of `states` satisfies: one text or single-select field that holds the same
 * non-empty value in all of them (a batch delete's marker, `Larkgate = deletable`, is one). A search with
 * it returns every record that is in its expected state, and maybe others; a record it does not return
 * is not in its expected state (changed or gone), which the caller must find out by other means. Null
 * when no field qualifies, or there are no states. Pure.
 */
export function buildSharedValueFilter(
  fields: readonly FieldMeta[],
  states: ReadonlyArray<Cells | null>,
): SearchFilter | null {
  const first = states[0];
  if (!first) return null;
  for (const field of fields) {
    if (!EXACT_TYPES.has(field.type)) continue;
    const value = first[field.name];
    if (typeof value !== 'string' || value === '') continue;
    if (!states.every((state) => state !== null && state[field.name] === value)) continue;
    const built = buildSearchFilter(fields, [{ field: field.name, value }]);
    if (built.ok && built.filter) return built.filter;
  }
  return null;
}
