import type { Cells, CellValue } from '../../domain/cell-value.js';
import type { FieldSpec } from '../../domain/governed-request.js';

/** The drill's temp table: one field of every common writable type, plus the base's marker (a select). */
export function buildDrillFields(marker: { field: string; value: string }): FieldSpec[] {
  const spec = (name: string, type: number, property: Record<string, unknown> | null = null): FieldSpec => ({
    fieldId: null,
    name,
    type,
    property,
    isPrimary: name === 'Name',
  });
  const fields = [
    spec('Name', 1),
    spec('Points', 2),
    spec('Stage', 3, { options: [{ name: 'Open' }, { name: 'Done' }] }),
    spec('Tags', 4, { options: [{ name: 'red' }, { name: 'green' }, { name: 'blue' }] }),
    spec('Checked', 7),
    spec('Due', 5),
    spec('Link', 15),
  ].filter((field) => field.name !== marker.field);
  return [...fields, spec(marker.field, 3, { options: [{ name: marker.value }] })];
}

const SEED: ReadonlyArray<Record<string, CellValue>> = [
  {
    Name: 'drill one',
    Points: 3,
    Stage: 'Open',
    Tags: ['red', 'green'],
    Checked: true,
    Due: Date.UTC(2026, 0, 1),
  },
  { Name: 'drill two', Points: 0.5, Stage: 'Done', Tags: ['blue'], Checked: false, Due: null },
  {
    Name: 'drill three, with "quotes" and ünïcode',
    Points: -2,
    Stage: null,
    Tags: [],
    Checked: true,
    Due: Date.UTC(2026, 5, 30, 9, 30),
    Link: { text: 'docs', link: 'https://example.com/drill' },
  },
  { Name: 'drill four', Points: 1_000_000, Stage: 'Open', Tags: ['green'], Checked: false, Due: null },
  {
    Name: 'drill five',
    Points: null,
    Stage: 'Done',
    Tags: ['red', 'blue', 'green'],
    Checked: false,
    Due: Date.UTC(1999, 11, 31, 23, 59),
  },
];

/** The records the drill seeds: varied values (and empty ones), each carrying the base's marker. */
export function buildDrillSeed(marker: { field: string; value: string }): Cells[] {
  return SEED.map((row) => {
    const cells: Cells = {};
    for (const [name, value] of Object.entries(row)) {
      if (name !== marker.field && value !== null) cells[name] = value;
    }
    cells[marker.field] = marker.value;
    return cells;
  });
}

/**
 * The governed change the drill makes to one seeded record: every field but the marker changes (values
 * set, changed and cleared), so its rollback has to restore every kind of value.
 */
export function buildDrillChange(current: Cells, marker: { field: string }): Cells {
  const after: Cells = {
    Name: `${String(current.Name ?? '')} (changed by the drill)`,
    Points: typeof current.Points === 'number' ? null : 42,
    Stage: current.Stage === 'Open' ? 'Done' : 'Open',
    Tags: Array.isArray(current.Tags) && current.Tags.length > 0 ? [] : ['blue'],
    Checked: current.Checked !== true,
    Due: current.Due === null || current.Due === undefined ? Date.UTC(2027, 1, 2) : null,
    Link: current.Link ? null : { text: 'changed', link: 'https://example.com/changed' },
  };
  delete after[marker.field];
  return after;
}
