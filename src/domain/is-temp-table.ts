import type { BasePolicy } from './policy.js';

/**
 * A temp table: on a base marked `staging`, a table whose name starts with the base's temp prefix
 * (`tmp_` unless configured). Temp tables are not listed in policy: on a staging base any temp-prefixed
 * table is admitted (reads, record writes and schema ops), and nowhere else is one.
 */
export function isTempTable(base: Pick<BasePolicy, 'staging' | 'tempTablePrefix'>, table: string): boolean {
  return base.staging && table.length > base.tempTablePrefix.length && table.startsWith(base.tempTablePrefix);
}

/** A table Larkgate may touch on this base: listed in policy, or a temp table of a staging base. */
export function isTableAdmitted(
  base: Pick<BasePolicy, 'staging' | 'tempTablePrefix' | 'tables'>,
  table: string,
): boolean {
  return base.tables.includes(table) || isTempTable(base, table);
}
