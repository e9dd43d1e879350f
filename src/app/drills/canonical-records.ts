import { canonicalJson } from '../../domain/canonical-json.js';
import type { Cells } from '../../domain/cell-value.js';

/** A table's records as canonical JSON, in record id order: what a drill compares byte for byte. */
export function canonicalRecords(records: ReadonlyMap<string, Cells>): string {
  return canonicalJson(
    [...records.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([recordId, fields]) => ({ record_id: recordId, fields })),
  );
}
