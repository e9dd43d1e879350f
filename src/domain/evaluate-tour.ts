import type { FieldMeta } from './cell-value.js';
import type { BasePolicy } from './policy.js';

/** A read that worked, or why it did not. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the read tour saw of one base: the app, its tables, and per configured table its fields and a sample. */
export type TourObservation = {
  app: Read<{ name: string }>;
  tables: Read<ReadonlyArray<{ tableId: string; name: string }>>;
  /** Keyed by the configured table name; absent for tables that were not found. */
  perTable: Readonly<
    Record<string, { fields: Read<readonly FieldMeta[]>; sample: Read<{ records: number }> }>
  >;
};

export type TourTableResult = {
  name: string;
  tableId: string | null;
  fields: number | null;
  sampled: number | null;
  problems: string[];
};

export type TourBaseResult = {
  alias: string;
  tier: string;
  stage: string;
  green: boolean;
  /** Why the base is red; empty when green. */
  reasons: string[];
  appName: string | null;
  tables: TourTableResult[];
  /** Things worth knowing that do not make the base red. */
  notes: string[];
};

/**
 * Judges one base's read tour against policy: the Base is readable, every configured table exists and
 * reads (fields and a sample of records), and where a marker is configured every table has the marker
 * field (and, for a select field, the marker value among its options). Red with every reason that applies.
 */
export function evaluateTour(base: BasePolicy, observed: TourObservation): TourBaseResult {
  const reasons: string[] = [];
  const notes: string[] = [];
  const tables: TourTableResult[] = [];
  if (!observed.app.ok) reasons.push(`cannot read the Base (app get): ${observed.app.error}`);
  if (!observed.tables.ok) {
    reasons.push(`cannot list the Base's tables: ${observed.tables.error}`);
  } else {
    const present = observed.tables.value;
    for (const name of base.tables) {
      const table = present.find((candidate) => candidate.name === name || candidate.tableId === name);
      const result: TourTableResult = {
        name,
        tableId: table?.tableId ?? null,
        fields: null,
        sampled: null,
        problems: [],
      };
      tables.push(result);
      if (!table) {
        result.problems.push(
          `table "${name}" is in policy but not in the Base (it has: ${present.map((t) => t.name).join(', ') || 'no tables'})`,
        );
        continue;
      }
      const read = observed.perTable[name];
      if (!read) {
        result.problems.push(`table "${name}" was not read`);
        continue;
      }
      if (!read.fields.ok) result.problems.push(`cannot read the fields of "${name}": ${read.fields.error}`);
      else {
        result.fields = read.fields.value.length;
        if (base.marker) result.problems.push(...checkMarker(name, read.fields.value, base.marker));
      }
      if (!read.sample.ok) result.problems.push(`cannot read records of "${name}": ${read.sample.error}`);
      else result.sampled = read.sample.value.records;
    }
    const unlisted = present.filter(
      (table) => !base.tables.includes(table.name) && !base.tables.includes(table.tableId),
    );
    if (unlisted.length > 0) {
      notes.push(
        `tables not in policy (Larkgate will not touch them): ${unlisted.map((t) => t.name).join(', ')}`,
      );
    }
  }
  for (const table of tables) reasons.push(...table.problems);
  return {
    alias: base.alias,
    tier: base.tier,
    stage: base.stage,
    green: reasons.length === 0,
    reasons,
    appName: observed.app.ok ? observed.app.value.name : null,
    tables,
    notes,
  };
}

function checkMarker(
  table: string,
  fields: readonly FieldMeta[],
  marker: { field: string; value: string },
): string[] {
  const field = fields.find((candidate) => candidate.name === marker.field);
  if (!field) {
    return [
      `table "${table}" has no marker field "${marker.field}": every batch delete there would be refused`,
    ];
  }
  if (field.options.length > 0 && !field.options.includes(marker.value)) {
    return [
      `the marker field "${marker.field}" of "${table}" has no option "${marker.value}" (it has: ${field.options.join(', ')})`,
    ];
  }
  return [];
}

/** The audit details of `tour.completed`: the overall verdict and, per base, green or red with reasons. */
export function buildTourDetails(results: readonly TourBaseResult[]): {
  green: boolean;
  bases: Record<string, { green: boolean; reasons: string[] }>;
} {
  const bases: Record<string, { green: boolean; reasons: string[] }> = {};
  for (const result of results) bases[result.alias] = { green: result.green, reasons: result.reasons };
  return { green: results.every((result) => result.green), bases };
}
