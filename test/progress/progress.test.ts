import { describe, expect, it } from 'vitest';
import { buildProgressLine } from '../../cards/build-progress-line.js';
import {
  estimateSecondsLeft,
  type LiveOpProgress,
  resumeProgress,
} from '../../src/domain/live-op-progress.js';
import { createProgressThrottle } from '../../src/domain/progress-throttle.js';
import { createCliProgress } from '../../src/platform/create-cli-progress.js';

const fresh: LiveOpProgress = {
  step: 'write',
  recordsDone: 0,
  recordsTotal: 1_200,
  chunksDone: 0,
  chunksTotal: 3,
  startedAt: 10_000,
};

describe('the progress throttle', () => {
  it('sends at most one update a second, and the final one always, exact', () => {
    let now = 0;
    const throttle = createProgressThrottle({ clock: () => now });
    const sent: number[] = [];
    for (let done = 0; done <= 1_200; done += 100) {
      now += 300;
      if (throttle.shouldSend(done, done === 1_200)) sent.push(done);
    }
    // 13 calls 300 ms apart: at most one per 1,000 ms, plus the last.
    expect(sent).toEqual([0, 400, 800, 1_200]);
  });

  it('never sends a count that does not grow, nor the final count twice', () => {
    let now = 0;
    const throttle = createProgressThrottle({ clock: () => now });
    expect(throttle.shouldSend(500, false)).toBe(true);
    now += 5_000;
    expect(throttle.shouldSend(400, false)).toBe(false);
    expect(throttle.shouldSend(1_200, true)).toBe(true);
    expect(throttle.shouldSend(1_200, true)).toBe(false);
  });
});

describe('the progress throttle across steps', () => {
  it('keeps the interval when the step changes, and counts the new step afresh', () => {
    let now = 0;
    const throttle = createProgressThrottle({ clock: () => now });
    expect(throttle.shouldSend(1_200, true, 'write')).toBe(true);
    now += 300;
    expect(throttle.shouldSend(0, false, 'relink')).toBe(false);
    now += 1_000;
    expect(throttle.shouldSend(0, false, 'relink')).toBe(true);
    now += 1_000;
    expect(throttle.shouldSend(0, false, 'relink')).toBe(false);
    expect(throttle.shouldSend(1_200, true, 'relink')).toBe(true);
  });
});

describe('resuming the count after a crash', () => {
  it('continues from what was persisted', () => {
    expect(
      resumeProgress({ step: 'write', recordsDone: 500, chunksDone: 1, startedAt: 9_000 }, fresh),
    ).toMatchObject({
      recordsDone: 500,
      chunksDone: 1,
      startedAt: 9_000,
    });
  });

  it('never from below zero nor past the total', () => {
    expect(resumeProgress({ step: 'write', recordsDone: 5_000, chunksDone: 9 }, fresh)).toMatchObject({
      recordsDone: 1_200,
      chunksDone: 3,
    });
    expect(resumeProgress({ step: 'write', recordsDone: -3, chunksDone: -1 }, fresh)).toMatchObject({
      recordsDone: 0,
      chunksDone: 0,
    });
  });

  it('starts the count afresh when the crash was in another step', () => {
    expect(resumeProgress({ step: 'backup', recordsDone: 700 }, fresh)).toEqual(fresh);
    expect(resumeProgress(undefined, fresh)).toEqual(fresh);
  });
});

describe('the progress line on a card', () => {
  it('says the step, counts and time left in every locale, and "done" when exact', () => {
    const halfway = { ...fresh, recordsDone: 600, chunksDone: 2 };
    expect(estimateSecondsLeft(halfway, 40_000)).toBe(30);
    const line = buildProgressLine(halfway, estimateSecondsLeft(halfway, 40_000));
    expect(line.en_us).toBe('**Writing** · 600 of 1200 records · chunk 2 of 3 · about 30 s left');
    expect(line.vi_vn).toBe('**Ghi dữ liệu** · 600/1200 bản ghi · khối 2/3 · còn khoảng 30 giây');
    expect(line.zh_cn).toContain('约剩 30 秒');
    expect(buildProgressLine({ ...fresh, recordsDone: 1_200, chunksDone: 3 }, 0).en_us).toContain(
      '1200 of 1200 records · chunk 3 of 3 · done',
    );
  });
});

describe('the CLI progress line', () => {
  const output = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
  };

  it('shows step, count and elapsed on a terminal, and clears itself at the end', () => {
    let now = 0;
    const out = output(true);
    const progress = createCliProgress({ output: out.stream, json: false, clock: () => now });
    now = 2_500;
    progress.update('readiness', 3, 10);
    progress.end();
    expect(out.writes[0]).toContain('readiness: 3/10 · 2s');
    expect(out.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it.each([
    ['with --json', true, true],
    ['when stdout is not a terminal', false, false],
  ])('writes nothing %s', (_name, isTTY, json) => {
    const out = output(isTTY);
    const progress = createCliProgress({ output: out.stream, json, clock: () => 0 });
    progress.update('drill outage', 1, 2);
    progress.end();
    expect(out.writes).toEqual([]);
  });
});
