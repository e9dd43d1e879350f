import type { FieldMeta } from '../../domain/cell-value.js';
import {
  evaluateTour,
  type Read,
  type TourBaseResult,
  type TourObservation,
} from '../../domain/evaluate-tour.js';
import type { Policy } from '../../domain/policy.js';

/** The reads the tour makes: exactly the Base read endpoints allowed for the `tour` feature. */
export type TourReader = {
  getApp(appToken: string): Promise<{ name: string }>;
  listTables(appToken: string): Promise<ReadonlyArray<{ tableId: string; name: string }>>;
  listFields(appToken: string, tableId: string): Promise<FieldMeta[]>;
  searchRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    options: { max: number },
  ): Promise<{ records: ReadonlyArray<unknown> }>;
};

/**
 * The read tour (docs/seeds/000 W1, docs/product.md §7): for every configured base, read the app, its tables, and
 * for every configured table its fields and a small sample of records; then judge it against policy.
 * Read-only by construction: the reader has no write method. A failed read is a red reason, not a crash.
 */
export async function runTour(input: {
  policy: Policy;
  reader: TourReader;
  /** Records read per table (default 3). */
  sampleSize?: number;
  /** Only these aliases (default: every base). */
  only?: readonly string[];
  /** Told before each base and once at the end (done = total): the CLI's progress line. */
  onProgress?: (step: string, done: number, total: number) => void;
}): Promise<TourBaseResult[]> {
  const { policy, reader } = input;
  const bases = policy.bases.filter((base) => !input.only || input.only.includes(base.alias));
  const results: TourBaseResult[] = [];
  for (const base of bases) {
    input.onProgress?.(`tour: ${base.alias}`, results.length, bases.length);
    const app = await attempt(async () => ({ name: (await reader.getApp(base.appToken)).name }));
    const tables = await attempt(() => reader.listTables(base.appToken));
    const perTable: Record<string, TourObservation['perTable'][string]> = {};
    if (tables.ok) {
      for (const name of base.tables) {
        const table = tables.value.find((candidate) => candidate.name === name || candidate.tableId === name);
        if (!table) continue;
        const fields = await attempt(() => reader.listFields(base.appToken, table.tableId));
        const sample = fields.ok
          ? await attempt(async () => ({
              records: (
                await reader.searchRecords(base.appToken, table.tableId, fields.value, {
                  max: input.sampleSize ?? 3,
                })
              ).records.length,
            }))
          : ({ ok: false, error: 'not read: the fields could not be read' } as const);
        perTable[name] = { fields, sample };
      }
    }
    results.push(evaluateTour(base, { app, tables, perTable }));
  }
  input.onProgress?.('tour', results.length, bases.length);
  return results;
}

async function attempt<T>(read: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
