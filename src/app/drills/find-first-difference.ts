import { canonicalJson } from '../../domain/canonical-json.js';
import type { Cells } from '../../domain/cell-value.js';

/** The first difference between two readings of a table, in words (for a failed drill's receipt). */
export function findFirstDifference(
  before: ReadonlyMap<string, Cells>,
  after: ReadonlyMap<string, Cells>,
): string {
  for (const [id, cells] of before) {
    const now = after.get(id);
    if (!now) return `${id} is missing`;
    for (const name of new Set([...Object.keys(cells), ...Object.keys(now)])) {
      const a = canonicalJson(cells[name] ?? null);
      const b = canonicalJson(now[name] ?? null);
      if (a !== b) return `${id} ${name} was ${a}, is ${b}`;
    }
  }
  const extra = [...after.keys()].find((id) => !before.has(id));
  return extra ? `${extra} is new` : 'the serialisations differ';
}
