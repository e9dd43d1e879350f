import type { FieldMeta } from '../domain/cell-value.js';
import type { BaseReader } from '../ports/base-reader.js';

/**
 * A reader whose field lists are kept for `ttlMs` (per table), for the agents' reads only: a search or get
 * needs the fields to convert its filter and show values, and agents read often. Change requests plan on
 * fresh field lists, never this cache.
 */
export function createFieldCache(reader: BaseReader, clock: () => number, ttlMs = 10_000): BaseReader {
  const cache = new Map<string, { at: number; fields: Promise<FieldMeta[]> }>();
  return {
    ...reader,
    listFields(appToken, tableId) {
      const key = `${appToken}/${tableId}`;
      const entry = cache.get(key);
      if (entry && clock() - entry.at <= ttlMs) return entry.fields;
      const fields = reader.listFields(appToken, tableId);
      cache.set(key, { at: clock(), fields });
      // A failed read is not kept: the next call asks Lark again.
      fields.catch(() => cache.delete(key));
      return fields;
    },
  };
}
