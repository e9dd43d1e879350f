import { describe, expect, it } from 'vitest';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import type { FieldSpec, SchemaPlan } from '../../../src/domain/governed-request.js';
import type { LiveOpProgress } from '../../../src/domain/live-op-progress.js';
import { makeExecution, makePlan, makeRequest } from '../../builders/make-request.js';
import { makeLiveOpDeps } from '../../fakes/make-live-op-deps.js';
import {
  makeOpenTasksDelete,
  TASKS_TABLE as TABLE,
  TITLE_FIELD as TITLE,
} from '../../fakes/make-open-tasks-delete.js';

describe('the progress a long live op reports', () => {
  it('a 1,200-record delete counts up chunk by chunk; a crash mid-way resumes from what landed, ending exact', async () => {
    const ids = Array.from({ length: 1_200 }, (_, i) => `rec${String(i).padStart(5, '0')}`);
    const { world, request } = await makeOpenTasksDelete(ids);
    const seen: LiveOpProgress[] = [];
    let crashed = false;
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
      // The worker dies while writing the second chunk.
      if (!crashed && progress.step === 'write' && progress.recordsDone === 500) {
        crashed = true;
        world.base.failNext('batchDeleteRecords', new Error('the worker died'));
      }
    };

    await expect(runLiveOp(request.id, world.deps)).rejects.toThrow('the worker died');
    const said = (list: LiveOpProgress[]) => list.map((p) => `${p.step} ${p.recordsDone}`);
    expect(said(seen)).toEqual([
      'reread 500',
      'reread 1000',
      'reread 1200',
      'backup 1200',
      'write 0',
      'write 500',
    ]);

    seen.length = 0;
    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(said(seen)).toEqual(['write 500', 'write 1000', 'write 1200', 'readback 1200']);
    expect(seen.at(-2)).toMatchObject({ recordsTotal: 1_200, chunksDone: 3, chunksTotal: 3 });
  });

  it('a write of one chunk reports nothing: its card changes once, when it ends', async () => {
    const { world, request } = await makeOpenTasksDelete(Array.from({ length: 3 }, (_, i) => `rec${i}`));
    const seen: LiveOpProgress[] = [];
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(seen).toEqual([]);
  });

  it('a rollback re-creating 1,200 linked records counts its relinks too; a crash mid-relink resumes from the chunks that landed', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const PARENT: FieldSpec = {
      fieldId: 'fldParent',
      name: 'Parent',
      type: 18,
      property: null,
      isPrimary: false,
    };
    world.base.addTable(TABLE, 'Tasks', [TITLE, PARENT], {});
    const old = (i: number) => `recOld${String(i).padStart(5, '0')}`;
    const request = makeRequest({
      plan: makePlan({
        op: 'create',
        fields: [
          { fieldId: 'fldTitle', name: 'Title', type: 1, options: [], isPrimary: true },
          { fieldId: 'fldParent', name: 'Parent', type: 18, options: [], isPrimary: false },
        ],
        // Each re-created record links to the next one, which this rollback re-creates as well.
        changes: Array.from({ length: 1_200 }, (_, i) => ({
          recordId: null,
          before: null,
          after: { Title: `task ${i}` },
          restores: old(i),
          relinks: { Parent: [old((i + 1) % 1_200)] },
        })),
      }),
      state: 'executing',
      artefactId: 'art_r',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    const seen: LiveOpProgress[] = [];
    let crashed = false;
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
      if (!crashed && progress.step === 'relink' && progress.recordsDone === 500) {
        crashed = true;
        world.base.failNext('batchUpdateRecords', new Error('the worker died'));
      }
    };

    await expect(runLiveOp(request.id, world.deps)).rejects.toThrow('the worker died');
    const said = (list: LiveOpProgress[]) => list.map((p) => `${p.step} ${p.recordsDone}`);
    expect(said(seen)).toEqual([
      'write 0',
      'write 500',
      'write 1000',
      'write 1200',
      'relink 0',
      'relink 500',
    ]);

    seen.length = 0;
    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(said(seen)).toEqual([
      'write 1200',
      'relink 500',
      'relink 1000',
      'relink 1200',
      'readback 500',
      'readback 1000',
      'readback 1200',
    ]);
    expect(seen.at(-4)).toMatchObject({ recordsTotal: 1_200, chunksDone: 3, chunksTotal: 3 });
    // The first relink chunk was not sent again: 2 calls before the crash (one died), 2 after.
    expect(world.base.count('batchUpdateRecords')).toBe(4);
    const records = [...world.base.table(TABLE).records];
    const idOf = new Map(records.map(([id, cells]) => [cells.Title, id]));
    expect(records).toHaveLength(1_200);
    for (const [, cells] of records) {
      const next = (Number(String(cells.Title).slice(5)) + 1) % 1_200;
      expect(cells.Parent).toEqual([idOf.get(`task ${next}`)]);
    }
  });

  it('a schema rollback restoring 1,200 records into a re-created table counts them; a crash resumes from what was persisted', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const plan: SchemaPlan = {
      kind: 'schema',
      op: 'table.create',
      base: { alias: 'crm', appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh' },
      table: { id: null, name: 'tmp_scratch' },
      field: null,
      tableFields: { before: null, after: [{ ...TITLE, fieldId: null }] },
      restore: {
        records: Array.from({ length: 1_200 }, (_, i) => ({
          recordId: `recOld${i}`,
          cells: { Title: `row ${i}` },
        })),
      },
    };
    const request = makeRequest({
      plan,
      state: 'executing',
      artefactId: 'art_s',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    const seen: LiveOpProgress[] = [];
    let crashed = false;
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
      if (!crashed && progress.recordsDone === 500) {
        crashed = true;
        world.base.failNext('batchCreateRecords', new Error('the worker died'));
      }
    };

    await expect(runLiveOp(request.id, world.deps)).rejects.toThrow('the worker died');
    expect(seen.map((p) => p.recordsDone)).toEqual([0, 500]);

    seen.length = 0;
    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(seen.map((p) => `${p.step} ${p.recordsDone}`)).toEqual(['write 500', 'write 1000', 'write 1200']);
    expect(seen.at(-1)).toMatchObject({ recordsTotal: 1_200, chunksDone: 3, chunksTotal: 3 });
  });

  it('a field restore into 1,200 records counts the records updated back, chunk by chunk', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const ids = Array.from({ length: 1_200 }, (_, i) => `rec${i}`);
    world.base.addTable(
      'tblTemp00001',
      'tmp_scratch',
      [TITLE],
      Object.fromEntries(ids.map((id) => [id, {}])),
    );
    const plan: SchemaPlan = {
      kind: 'schema',
      op: 'field.create',
      base: { alias: 'crm', appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh' },
      table: { id: 'tblTemp00001', name: 'tmp_scratch' },
      field: {
        before: null,
        after: { fieldId: null, name: 'Note', type: 1, property: null, isPrimary: false },
      },
      tableFields: null,
      restore: { records: ids.map((recordId, i) => ({ recordId, cells: { Note: `note ${i}` } })) },
    };
    const request = makeRequest({
      plan,
      state: 'executing',
      artefactId: 'art_f',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    const seen: LiveOpProgress[] = [];
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(seen.map((p) => `${p.step} ${p.recordsDone}`)).toEqual([
      'write 0',
      'write 500',
      'write 1000',
      'write 1200',
    ]);
    expect(world.base.table('tblTemp00001').records.get('rec7')).toMatchObject({ Note: 'note 7' });
  });
});
