import { describe, expect, it } from 'vitest';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import type { FieldSpec } from '../../../src/domain/governed-request.js';
import type { LiveOpProgress } from '../../../src/domain/live-op-progress.js';
import { makeExecution, makePlan, makeRequest } from '../../builders/make-request.js';
import { makeLiveOpDeps } from '../../fakes/make-live-op-deps.js';

const TABLE = 'tblTasks0001';
const STATUS: FieldSpec = {
  fieldId: 'fldStatus',
  name: 'Status',
  type: 3,
  property: { options: [{ name: 'Open' }] },
  isPrimary: false,
};
const TITLE: FieldSpec = { fieldId: 'fldTitle', name: 'Title', type: 1, property: null, isPrimary: true };

describe('the progress a long live op reports', () => {
  it('a 1,200-record delete counts up chunk by chunk; a crash mid-way resumes from what landed, ending exact', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const ids = Array.from({ length: 1_200 }, (_, i) => `rec${String(i).padStart(5, '0')}`);
    world.base.addTable(
      TABLE,
      'Tasks',
      [TITLE, STATUS],
      Object.fromEntries(ids.map((id) => [id, { Status: 'Open' }])),
    );
    const request = makeRequest({
      plan: makePlan({
        op: 'batch-delete',
        changes: ids.map((recordId) => ({ recordId, before: { Status: 'Open' }, after: null })),
      }),
      state: 'executing',
      artefactId: 'art_x',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    const seen: LiveOpProgress[] = [];
    let crashed = false;
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
      // The worker dies while writing the second chunk.
      if (!crashed && progress.recordsDone === 500) {
        crashed = true;
        world.base.failNext('batchDeleteRecords', new Error('the worker died'));
      }
    };

    await expect(runLiveOp(request.id, world.deps)).rejects.toThrow('the worker died');
    const beforeCrash = seen.map((progress) => progress.recordsDone);
    expect(beforeCrash).toEqual([0, 500]);

    seen.length = 0;
    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    const afterResume = seen.map((progress) => progress.recordsDone);
    expect(afterResume).toEqual([500, 1_000, 1_200]);
    expect(seen.at(-1)).toMatchObject({ recordsTotal: 1_200, chunksDone: 3, chunksTotal: 3 });
  });

  it('a write of one chunk reports nothing: its card changes once, when it ends', async () => {
    const world = makeLiveOpDeps({ batchMax: 500 });
    const ids = Array.from({ length: 3 }, (_, i) => `rec${i}`);
    world.base.addTable(
      TABLE,
      'Tasks',
      [TITLE, STATUS],
      Object.fromEntries(ids.map((id) => [id, { Status: 'Open' }])),
    );
    const request = makeRequest({
      plan: makePlan({
        op: 'batch-delete',
        changes: ids.map((recordId) => ({ recordId, before: { Status: 'Open' }, after: null })),
      }),
      state: 'executing',
      artefactId: 'art_y',
      execution: makeExecution(),
    });
    await world.store.requests.create(request);
    const seen: LiveOpProgress[] = [];
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(seen).toEqual([]);
  });
});
