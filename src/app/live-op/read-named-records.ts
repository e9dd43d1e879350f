import type { SearchFilter } from '../../domain/build-search-filter.js';
import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import type { LiveOpDeps } from './live-op-deps.js';
import { readOrRetry } from './read-or-retry.js';

/** Lark's ceilings when the deps name none (docs/reference/lark-api.md; lark-api-limits.yaml `batch:`). */
const BATCH_GET_MAX = 100;
const SEARCH_PAGE_MAX = 500;

/**
 * The cells of the named records that exist now (an id not in the map is gone), read in the fewest Lark
 * calls: up to one `batch_get` of ids (100 a call) by id; more than that by paging the whole table with
 * `records/search` (500 a call, no filter) as long as the table is no bigger than reading by id would cost,
 * so 10,000 ids take 20 pages instead of 100 calls, and a table emptied by a batch delete one page.
 *
 * `filter` (buildSharedValueFilter: a value every named record holds in the state the caller expects, such
 * as a batch delete's marker) narrows the search to the records that can be in that state, so other
 * records of the table cost no pages; the named records it does not return are then read by id.
 *
 * The same guarantees as reading by id: every named record that exists is returned with every field asked
 * for (the stale check compares each with its approved before-state, the read back with its after-state),
 * and an id is reported gone only when Lark did not return it by id or a complete, unfiltered scan of the
 * table did not hold it. A scan that stopped at its budget (a table much larger than the request), or one
 * during which the table's size changed (a page could have been skipped), is completed by id for the named
 * records it did not see.
 *
 * `onRead` is told, as each Lark read comes in, how many of the named records are accounted for (read, or
 * known gone by a complete scan): a count that only grows, ending at every named record.
 */
export async function readNamedRecords(
  deps: Pick<LiveOpDeps, 'reader' | 'batchLimits'>,
  where: { appToken: string; tableId: string },
  recordIds: readonly string[],
  fields: readonly FieldMeta[],
  filter: SearchFilter | null = null,
  onRead: (accountedFor: number) => void = () => {},
): Promise<Map<string, Cells>> {
  const { appToken, tableId } = where;
  const ids = [...new Set(recordIds)];
  if (ids.length === 0) return new Map();
  const byIdCalls = Math.ceil(ids.length / (deps.batchLimits.record_batch_get?.max ?? BATCH_GET_MAX));
  const byId = async (wanted: readonly string[]) =>
    (await readOrRetry(() => deps.reader.getRecords(appToken, tableId, wanted, fields))).records;
  if (byIdCalls <= 1) {
    const records = await byId(ids);
    onRead(ids.length);
    return records;
  }
  // Scan at most as many pages as reading by id would take calls.
  const budget = byIdCalls * (deps.batchLimits.search_page_size?.max ?? SEARCH_PAGE_MAX);
  const named = new Set(ids);
  // Named records seen so far, page by page (a retried search counts again: only a larger count is told).
  let told = 0;
  const tell = (count: number) => {
    if (count <= told) return;
    told = count;
    onRead(count);
  };
  const scan = await readOrRetry(() => {
    const seen = new Set<string>();
    const onPage = (page: ReadonlyArray<{ recordId: string }>) => {
      for (const { recordId } of page) if (named.has(recordId)) seen.add(recordId);
      tell(seen.size);
    };
    return deps.reader.searchRecords(appToken, tableId, fields, {
      ...(filter ? { filter } : {}),
      max: budget,
      onPage,
    });
  });
  const found = new Map<string, Cells>();
  for (const record of scan.records) if (named.has(record.recordId)) found.set(record.recordId, record.cells);
  const unseen = filter || scan.truncated || scan.shifted === true ? ids.filter((id) => !found.has(id)) : [];
  tell(ids.length - unseen.length);
  if (unseen.length === 0) return found;
  for (const [id, cells] of await byId(unseen)) found.set(id, cells);
  tell(ids.length);
  return found;
}
