import { describe, expect, it } from 'vitest';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import type { LiveOpProgress } from '../../../src/domain/live-op-progress.js';
import { makeOpenTasksDelete, TASKS_TABLE as TABLE } from '../../fakes/make-open-tasks-delete.js';

function aDelete(count: number) {
  return makeOpenTasksDelete(Array.from({ length: count }, (_, i) => `rec${String(i).padStart(5, '0')}`));
}

describe('the steps a long live op reports besides its write', () => {
  it('a 10,000-record delete reports re-read → backup → write → read back, counts only growing, each ending exact', async () => {
    const { world, request } = await aDelete(10_000);
    const seen: LiveOpProgress[] = [];
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    const steps = seen.map((p) => p.step).filter((step, i, all) => step !== all[i - 1]);
    expect(steps).toEqual(['reread', 'backup', 'write', 'readback']);
    for (const step of steps) {
      const counts = seen.filter((p) => p.step === step).map((p) => p.recordsDone);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(counts.at(-1)).toBe(10_000);
    }
    expect(seen.every((p) => p.recordsTotal === 10_000)).toBe(true);
    // The re-read counts as its search pages come in (500 a page), not once at its end.
    expect(seen.filter((p) => p.step === 'reread').map((p) => p.recordsDone)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * 500),
    );
    const writes = seen.filter((p) => p.step === 'write');
    expect(writes).toHaveLength(21);
    expect(writes.at(-1)).toMatchObject({ recordsDone: 10_000, chunksDone: 20, chunksTotal: 20 });
    expect(world.base.table(TABLE).records.size).toBe(0);
  });

  it('a card that never answers does not hold the op up: progress is told, not waited for', async () => {
    const { world, request } = await aDelete(1_200);
    let told = 0;
    world.deps.onProgress = () => {
      told += 1;
      return new Promise<void>(() => {});
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(told).toBeGreaterThanOrEqual(6);
  });

  it('a card whose update fails does not fail the op', async () => {
    const { world, request } = await aDelete(1_200);
    world.deps.onProgress = async () => {
      throw new Error('230020 rate limited');
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
  });

  it('a delete of one write chunk reports no step at all (its read, backup and read back included)', async () => {
    const { world, request } = await aDelete(400);
    const seen: LiveOpProgress[] = [];
    world.deps.onProgress = async (_request, progress) => {
      seen.push(progress);
    };

    expect(await runLiveOp(request.id, world.deps)).toBe('applied');
    expect(seen).toEqual([]);
  });
});
