import type { BaseReader, TableRef } from './ports.js';

export type TableResolver = (appToken: string, nameOrId: string) => Promise<TableRef | undefined>;

/** Finds a table by name or id, caching each base's table list briefly (tables rarely change). */
export function createTableResolver(
  reader: Pick<BaseReader, 'listTables'>,
  clock: () => number,
  ttlMs = 60_000,
): TableResolver {
  const cache = new Map<string, { at: number; tables: TableRef[] }>();
  return async (appToken, nameOrId) => {
    let entry = cache.get(appToken);
    if (!entry || clock() - entry.at > ttlMs) {
      entry = { at: clock(), tables: await reader.listTables(appToken) };
      cache.set(appToken, entry);
    }
    return entry.tables.find((table) => table.name === nameOrId || table.tableId === nameOrId);
  };
}
