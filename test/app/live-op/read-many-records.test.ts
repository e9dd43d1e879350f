import { describe, expect, it } from 'vitest';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import type { Cells } from '../../../src/domain/cell-value.js';
import type { FieldSpec, GovernedRequest, PlanField } from '../../../src/domain/governed-request.js';
import { makeExecution, makePlan, makeRequest } from '../../builders/make-request.js';
import { makeLiveOpDeps } from '../../fakes/make-live-op-deps.js';

/**
 * A live op that names many records (a batch delete of 10,000 marked records, its rollback) reads them by
 * searching the table, 500 a page, instead of 100 ids a call: the same guarantees as reading by id — every
 * record checked against its approved before-state, every one read back — at a fifth of the calls.
 */

const TABLE = 'tblScratch01';
const NAME: FieldSpec = { fieldId: 'fldName', name: 'Name', type: 1, property: null, isPrimary: true };
const MARK: FieldSpec = {
  fieldId: 'fldMark',
  name: 'Larkgate',
  type: 3,
  property: { options: [{ name: 'deletable' }, { name: 'keep' }] },
  isPrimary: false,
};
const FIELDS: PlanField[] = [
  { fieldId: 'fldName', name: 'Name', type: 1, options: [], isPrimary: true },
  { fieldId: 'fldMark', name: 'Larkgate', type: 3, options: ['deletable', 'keep'], isPrimary: false },
];
const N = 10_000;
const ids = Array.from({ length: N }, (_, i) => `rec${String(i).padStart(6, '0')}`);
const cellsOf = (i: number): Cells => ({ Name: `task ${i}`, Larkgate: 'deletable' });

/** Scratch holding N marked records and a few others, and an executing batch delete of the N. */
async function setUp(options: { extra?: number } = {}) {
  const world = makeLiveOpDeps({ batchMax: 500 });
  const records: Record<string, Cells> = Object.fromEntries(ids.map((id, i) => [id, cellsOf(i)]));
  for (let i = 0; i < (options.extra ?? 3); i++)
    records[`recOther${i}`] = { Name: `other ${i}`, Larkgate: 'keep' };
  world.base.addTable(TABLE, 'Scratch', [NAME, MARK], records);
  const request = makeRequest({
    plan: makePlan({
      op: 'batch-delete',
      table: { id: TABLE, name: 'Scratch' },
      fields: FIELDS,
      changes: ids.map((recordId, i) => ({ recordId, before: cellsOf(i), after: null })),
    }),
    state: 'executing',
    artefactId: 'art_many',
    execution: makeExecution(),
  });
  await world.store.requests.create(request);
  return { ...world, request };
}

async function stored(world: Awaited<ReturnType<typeof setUp>>): Promise<GovernedRequest> {
  const found = await world.store.requests.get(world.request.id);
  if (!found) throw new Error('no request');
  return found.request;
}

describe('a live op naming 10,000 records', () => {
  it('re-reads and reads back by search, never 100 ids a call: the records go, the others stay', async () => {
    const world = await setUp();
    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');
    expect(world.base.table(TABLE).records.size).toBe(3);
    expect(world.base.count('getRecords')).toBe(0);
    // One search re-reads (by the marker every record holds), one reads back (the whole table).
    expect(world.base.count('searchRecords')).toBe(2);
    expect(world.base.count('batchDeleteRecords')).toBe(N / 500);
    // The backup holds every record as it was.
    expect(world.audit.events.find((event) => event.type === 'backup.created')?.details).toMatchObject({
      records: N,
    });
  });

  it('one record among the 10,000 changed since approval (its marker too): stale, it is named, nothing is deleted', async () => {
    const world = await setUp();
    world.base.table(TABLE).records.set('rec004321', { Name: 'renamed', Larkgate: 'keep' });
    expect(await runLiveOp(world.request.id, world.deps)).toBe('stale');
    expect((await stored(world)).execution?.problem).toContain('rec004321');
    expect(world.base.count('batchDeleteRecords', 'deleteRecord')).toBe(0);
    expect(world.base.table(TABLE).records.size).toBe(N + 3);
    // The search by the marker could not see it: that one record was read by id.
    expect(world.base.count('getRecords')).toBe(1);
  });

  it('one record changed in a field the search does not filter on is found stale too', async () => {
    const world = await setUp();
    world.base.table(TABLE).records.set('rec000007', { Name: 'task 7, edited', Larkgate: 'deletable' });
    expect(await runLiveOp(world.request.id, world.deps)).toBe('stale');
    expect((await stored(world)).execution?.problem).toContain('rec000007');
    expect(world.base.count('batchDeleteRecords')).toBe(0);
  });

  it('a record Lark did not delete is found on read back: verify_failed, naming it', async () => {
    const world = await setUp();
    const { ports } = world.base;
    world.deps.writer = {
      ...ports,
      batchDeleteRecords: (app, table, recordIds) =>
        ports.batchDeleteRecords(
          app,
          table,
          recordIds.filter((id) => id !== 'rec009999'),
        ),
    };
    expect(await runLiveOp(world.request.id, world.deps)).toBe('verify_failed');
    const verification = (await stored(world)).execution?.verification;
    expect(verification?.ok).toBe(false);
    expect(verification?.mismatches.join(' ')).toContain('rec009999');
  });

  it('a read back whose pages shifted (the table changed meanwhile) checks by id what it did not see', async () => {
    const world = await setUp();
    const { ports } = world.base;
    world.deps.writer = {
      ...ports,
      batchDeleteRecords: (app, table, recordIds) =>
        ports.batchDeleteRecords(
          app,
          table,
          recordIds.filter((id) => id !== 'rec000123'),
        ),
    };
    // The unfiltered scan of the read back skipped a page as records moved: it misses the one left.
    world.deps.reader = {
      ...ports,
      searchRecords: async (app, table, fields, options) => {
        const found = await ports.searchRecords(app, table, fields, options);
        if (options.filter) return found;
        const records = found.records.filter((record) => record.recordId !== 'rec000123');
        return { ...found, records, shifted: true };
      },
    };
    expect(await runLiveOp(world.request.id, world.deps)).toBe('verify_failed');
    expect((await stored(world)).execution?.verification?.mismatches.join(' ')).toContain('rec000123');
  });

  it('a worker that dies after 3 of 20 delete calls resumes: it reads by search and deletes only the rest', async () => {
    const world = await setUp();
    let calls = 0;
    const { ports } = world.base;
    world.deps.writer = {
      ...ports,
      batchDeleteRecords: async (app, table, recordIds) => {
        calls++;
        if (calls === 4) throw new Error('the worker died');
        return ports.batchDeleteRecords(app, table, recordIds);
      },
    };
    await expect(runLiveOp(world.request.id, world.deps)).rejects.toThrow('the worker died');
    expect(world.base.table(TABLE).records.size).toBe(N - 1_500 + 3);
    expect((await stored(world)).execution?.step).toBe('writing');

    world.deps.writer = ports;
    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');
    expect(world.base.table(TABLE).records.size).toBe(3);
    expect(world.base.count('batchDeleteRecords')).toBe(3 + (N - 1_500) / 500);
    expect(world.base.count('getRecords')).toBe(0);
    const applied = world.audit.events.filter((event) => event.type === 'op.applied');
    expect(applied.at(-1)?.details).toMatchObject({ written_now: N - 1_500, reconciled: true });
  });

  it('in a table much larger than the request, reads by id instead of paging it all', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const records: Record<string, Cells> = {};
    for (let i = 0; i < 2_000; i++) records[`recBig${i}`] = { Name: `big ${i}`, Larkgate: 'keep' };
    const named = ['recBig5', 'recBig1500', ...Array.from({ length: 199 }, (_, i) => `recBig${i + 10}`)];
    world.base.addTable(TABLE, 'Scratch', [NAME, MARK], records);
    const request = makeRequest({
      plan: makePlan({
        op: 'update',
        table: { id: TABLE, name: 'Scratch' },
        fields: FIELDS,
        // Each record's own name: no value is shared, so the search is of the whole table.
        changes: named.map((recordId) => ({
          recordId,
          before: { Name: records[recordId]?.Name ?? null },
          after: { Name: `${records[recordId]?.Name} ✓` },
        })),
      }),
      state: 'executing',
      artefactId: 'art_big',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(world.base.table(TABLE).records.get('recBig1500')).toEqual({
      Name: 'big 1500 ✓',
      Larkgate: 'keep',
    });
    // 201 ids are 3 calls by id, worth 1,500 records of search: the 2,000-record table overflows that,
    // so the records the search did not reach are read by id.
    expect(world.base.count('getRecords')).toBeGreaterThan(0);
  });
});
