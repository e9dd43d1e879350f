import type { BaseReader, TableRef } from '../src/ports/base-reader.js';

/**
 * What a table as typed in chat names in the Base: the table when exactly one matches by name or id, and
 * every match. Two matches (a name that is also another table's id, or a name used twice) are ambiguous:
 * `table` is then undefined, never a guess, and the guard refuses the target (`ambiguous_target`).
 */
export type TableResolution = { table: TableRef | undefined; matches: readonly TableRef[] };

export type TableResolver = (appToken: string, nameOrId: string) => Promise<TableResolution>;

/** Resolves one table text against a Base's table list (pure). */
export function matchTable(tables: readonly TableRef[], nameOrId: string): TableResolution {
  const matches = tables.filter((table) => table.name === nameOrId || table.tableId === nameOrId);
  return { table: matches.length === 1 ? matches[0] : undefined, matches };
}

/** The guard's view of an ambiguous target: the tables it could mean, when there is more than one. */
export function ambiguousMatches(resolution: TableResolution | undefined): { tableMatches?: string[] } {
  if (!resolution || resolution.matches.length < 2) return {};
  return { tableMatches: resolution.matches.map((table) => `${table.name} (${table.tableId})`) };
}

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
    return matchTable(entry.tables, nameOrId);
  };
}
