import { describe, expect, it } from 'vitest';
import { createCardProgress } from '../../src/app/progress/create-card-progress.js';
import type { LiveOpProgress } from '../../src/domain/live-op-progress.js';
import { makeRequest } from '../builders/make-request.js';

const policy = () => ({ bases: [] }) as never;
const logger = { warn: () => {}, debug: () => {} } as never;

function setUp() {
  let now = 0;
  const patches: string[] = [];
  const chat = {
    patchCard: async (_id: string, card: unknown) => {
      patches.push(JSON.stringify(card));
    },
  } as never;
  const onProgress = createCardProgress({ chat, policy, clock: () => now, logger });
  return { onProgress, patches, advance: (ms: number) => (now += ms) };
}

const at = (recordsDone: number): LiveOpProgress => ({
  step: 'write',
  recordsDone,
  recordsTotal: 1_200,
  chunksDone: Math.ceil(recordsDone / 500),
  chunksTotal: 3,
  startedAt: 0,
});

describe('the card progress of a long write', () => {
  it('patches the card at most once a second, counts only growing, the last update exact', async () => {
    const { onProgress, patches, advance } = setUp();
    const request = makeRequest({ state: 'executing', cardMessageId: 'om_card' });
    for (let done = 0; done <= 1_200; done += 50) {
      advance(200);
      await onProgress(request, at(done));
    }
    const counts = patches.map((card) => Number(/\*\*Writing\*\* · (\d+) of 1200/.exec(card)?.[1]));
    expect(counts.length).toBeGreaterThan(2);
    expect(counts.length).toBeLessThanOrEqual(Math.ceil((25 * 200) / 1_000) + 1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(1_200);
    expect(patches.at(-1)).toContain('chunk 3 of 3 · done');
    expect(patches.at(-1)).toContain('Ghi dữ liệu');
  });

  it('a rollback’s relinks straight after its writes wait their turn: one patch a second across steps, each step counted afresh', async () => {
    const { onProgress, patches, advance } = setUp();
    const request = makeRequest({ state: 'executing', cardMessageId: 'om_card' });
    await onProgress(request, at(1_200));
    advance(100);
    await onProgress(request, { ...at(0), step: 'relink' });
    expect(patches).toHaveLength(1);
    advance(1_000);
    await onProgress(request, { ...at(500), step: 'relink' });
    advance(100);
    await onProgress(request, { ...at(1_000), step: 'relink' });
    await onProgress(request, { ...at(1_200), step: 'relink' });
    const lines = patches.map((card) => /\*\*(\w+)\*\* · (\d+) of 1200/.exec(card)?.slice(1).join(' '));
    expect(lines).toEqual(['Writing 1200', 'Relinking 500', 'Relinking 1200']);
    expect(patches.at(-1)).toContain('Nối lại liên kết');
  });

  it('a 10,000-record delete shows its re-read, backup, write and read back, once a second, the write ending exact', async () => {
    const { onProgress, patches, advance } = setUp();
    const request = makeRequest({ state: 'executing', cardMessageId: 'om_card' });
    const step = (name: LiveOpProgress['step'], recordsDone: number): LiveOpProgress => ({
      step: name,
      recordsDone,
      recordsTotal: 10_000,
      chunksDone: Math.ceil(recordsDone / 500),
      chunksTotal: 20,
      startedAt: 0,
    });
    const told: LiveOpProgress[] = [
      ...Array.from({ length: 20 }, (_, i) => step('reread', (i + 1) * 500)),
      step('backup', 10_000),
      ...Array.from({ length: 21 }, (_, i) => step('write', i * 500)),
      ...Array.from({ length: 20 }, (_, i) => step('readback', (i + 1) * 500)),
    ];
    for (const progress of told) {
      advance(300);
      await onProgress(request, progress);
    }
    const lines = patches.map((card) => /\*\*([\w -]+)\*\* · (\d+)/.exec(card)?.slice(1).join(' '));
    const steps = lines.map((line) => line?.split(' ').slice(0, -1).join(' '));
    expect([...new Set(steps)]).toEqual(['Re-reading', 'Backing up', 'Writing', 'Reading back']);
    // At most one patch a second, but the write's exact last count (its final, straight after another).
    expect(patches.length).toBeLessThanOrEqual(Math.ceil((told.length * 300) / 1_000) + 2);
    expect(lines).toContain('Writing 10000');
    const backup = patches.find((card) => card.includes('Backing up'));
    expect(backup).toContain('Backing up** · 10000 records');
    expect(backup).toContain('共 10000 条记录');
    expect(backup).toContain('10000 bản ghi');
    expect(backup).toContain('10000 件のレコード');
    expect(backup).not.toContain('chunk');
  });

  it('the re-read’s and read back’s last counts wait their turn like any other (only the write’s always shows)', async () => {
    const { onProgress, patches, advance } = setUp();
    const request = makeRequest({ state: 'executing', cardMessageId: 'om_card' });
    await onProgress(request, at(1_200));
    advance(100);
    await onProgress(request, { ...at(1_200), step: 'readback' });
    expect(patches).toHaveLength(1);
    await onProgress(request, { ...at(1_200), step: 'write' });
    expect(patches).toHaveLength(1);
  });

  it('a patch let through as the op finishes is dropped: the finished card is not covered by a late count', async () => {
    let now = 0;
    let running = true;
    const patches: string[] = [];
    const onProgress = createCardProgress({
      chat: {
        patchCard: async (_id: string, card: unknown) => void patches.push(JSON.stringify(card)),
      } as never,
      policy,
      clock: () => now,
      logger,
      stillRunning: async () => running,
    });
    const request = makeRequest({ state: 'executing', cardMessageId: 'om_card' });
    await onProgress(request, at(500));
    expect(patches).toHaveLength(1);
    running = false;
    now += 2_000;
    await onProgress(request, at(1_200));
    expect(patches).toHaveLength(1);
  });

  it('a resumed write starts its count from what had landed', async () => {
    const { onProgress, patches } = setUp();
    await onProgress(makeRequest({ state: 'executing', cardMessageId: 'om_card' }), at(700));
    expect(patches[0]).toContain('700 of 1200 records');
  });

  it('a failed patch does not interrupt the write', async () => {
    const onProgress = createCardProgress({
      chat: { patchCard: async () => Promise.reject(new Error('230020 rate limited')) } as never,
      policy,
      clock: () => 0,
      logger,
    });
    await expect(
      onProgress(makeRequest({ state: 'executing', cardMessageId: 'om_card' }), at(10)),
    ).resolves.toBeUndefined();
  });
});
