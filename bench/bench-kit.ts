import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type DemoOptions, startDemo } from '../src/main/start-demo.js';

/** The demo, quietly, in a temp folder: benches measure the real system on this machine. */
export async function startBenchDemo(options: Partial<DemoOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-bench-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const demo = await startDemo({
    dir,
    logDestination: quiet,
    logLevel: 'warn',
    emulatorPort: 0,
    botPort: 0,
    // The benches send hundreds of requests as one person to measure throughput and recovery, not the
    // per-requester limit (which would skip all but the first 20).
    intake: { per_requester: { burst: 100_000, per_minute: 100_000 } },
    ...options,
  });
  const url = demo.info.emulator;
  // biome-ignore lint/suspicious/noExplicitAny: control API JSON
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.json();
  };
  // Closing the demo also removes its temp folder.
  const close = demo.close.bind(demo);
  demo.close = async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  };
  return { demo, call };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function summary(values: readonly number[]): string {
  return `n=${values.length} p50=${percentile(values, 50).toFixed(1)} ms p99=${percentile(values, 99).toFixed(1)} ms max=${Math.max(...values).toFixed(1)} ms`;
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function approveValue(card: { content: unknown }): Record<string, unknown> {
  const text = JSON.stringify(card.content);
  const match = /\{"action":"approve","request_id":"(req_[a-z2-7]{12})","scope":"([0-9a-f]{64})"\}/.exec(
    text,
  );
  if (!match) throw new Error('no approve button');
  return { action: 'approve', request_id: match[1], scope: match[2] };
}

/** One of issue 17's targets as a bench measured it: `npm run bench` prints them side by side at the end. */
export type BenchTarget = {
  /** What is measured, e.g. "approval click → answer p99 (200 concurrent)". */
  name: string;
  /** The figure, with its unit, e.g. "87 ms". */
  figure: string;
  /** The target, e.g. "≤ 100 ms". */
  target: string;
  /** figure ÷ target limit (≤ 1 meets an upper bound; for a lower bound, target ÷ figure). */
  ratio: number;
  /** Anything a reader needs beside the figure: call counts, the minimum it is compared with. */
  note?: string;
};

export const TARGET_PREFIX = '@bench-target ';

/** Prints a target on its own line, which run-all collects (run alone, the line is still readable). */
export function reportTarget(target: BenchTarget): void {
  console.log(`${TARGET_PREFIX}${JSON.stringify(target)}`);
}

/** Resident set size of this process now, in MB (10^6 bytes). */
export function rssMb(): number {
  return process.memoryUsage().rss / 1e6;
}

/** Samples this process's RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(everyMs = 100): { stop: () => number } {
  let peak = rssMb();
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMb());
    },
  };
}
