import { expect } from 'vitest';
import { MonitoringConfig } from '../../src/config/monitoring-config.js';
import {
  computeTimeToPage,
  type DetectionPath,
  realTimeAllowance,
} from '../../src/monitoring/compute-time-to-page.js';
import { type ChatItem, type Harness, startHarness } from '../e2e/demo-harness.js';

/** Every monitoring interval of the compressed runs is the production default divided by this. */
export const COMPRESSION = 60;
export const PRODUCTION_LIMIT_MS = 5 * 60_000;
/** The production defaults (the schema's, which config/larkgate.example.yaml also uses). */
export const PRODUCTION = MonitoringConfig.parse({});

const compress = (ms: number) => `${Math.round(ms / COMPRESSION)}ms`;

/**
 * The production defaults with every interval divided by COMPRESSION: a round every 30 s → 500 ms,
 * heartbeats 15 s / 90 s → 250 ms / 1.5 s, probes every 30 s → 500 ms, results counted for 2 min → 2 s,
 * the token-refresh probe every 60 s → 1 s, escalation after 10 min → 10 s. Not compressed: the counts
 * (raise_after, clear_after, burst thresholds, lowered so a test need not send 50 denials) and
 * `probes.timeout`, a real-time deadline on Lark's answers (2 s: 20 s / 60 would cut off a healthy call).
 */
export const COMPRESSED_MONITORING = {
  every: compress(PRODUCTION.every),
  raise_after: PRODUCTION.raise_after,
  clear_after: PRODUCTION.clear_after,
  reopen_within: compress(PRODUCTION.reopen_within),
  escalate_after: compress(PRODUCTION.escalate_after),
  heartbeat: { every: compress(PRODUCTION.heartbeat.every), max_age: compress(PRODUCTION.heartbeat.max_age) },
  probes: {
    every: compress(PRODUCTION.probes.every),
    max_age: compress(PRODUCTION.probes.max_age),
    timeout: '2s',
    token_refresh_every: compress(PRODUCTION.probes.token_refresh_every),
    drill_age: false,
  },
  audit: { max_lag: compress(PRODUCTION.audit.max_lag), max_silence: compress(PRODUCTION.audit.max_silence) },
  bursts: {
    window: compress(PRODUCTION.bursts.window),
    denials: 20,
    auth_failures: 10,
    failed_ops: 3,
    verify_failures: 1,
    failed_intake: 1,
  },
};
export const COMPRESSED = MonitoringConfig.parse(COMPRESSED_MONITORING);

/**
 * The real time a compressed run may take beyond the compressed intervals' worst case, which compression
 * does not shrink: each round's own checks (Redis, the audit file, Lark's token endpoint on the emulator),
 * BullMQ picking up a probe job, the card send, and this harness polling the chat every 50 ms. On a
 * 2-core machine the runs here add at most about 1.1 s (the token-refresh probe); 3 s leaves room for a
 * loaded machine. What it does not catch: a path a round or two late (500 ms each at these intervals).
 * What it does: a page that does not come, or one later than its bound by more than 3 s here, i.e. by more
 * than 3 minutes of production intervals.
 */
export const REAL_TIME_ALLOWANCE_MS = 3_000;

export type ReadyzBody = { ready: boolean; why?: string; checks: Record<string, string> };

export type MonitoringHarness = Harness & {
  /** Alert cards in the on-call chat, oldest first. */
  alertCards(): Promise<ChatItem[]>;
  /** Waits for a new alert card whose title contains `title`; returns it with the ms it took from `since`. */
  waitForPage(title: string, since: number, timeoutMs?: number): Promise<{ card: ChatItem; ms: number }>;
  /** Waits until the card with this id shows `text`. */
  waitForCardText(messageId: string, text: string, timeoutMs?: number): Promise<ChatItem>;
  inject(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  readyz(): Promise<{ status: number; body: ReadyzBody }>;
};

export async function startMonitoringHarness(
  options: {
    monitoring?: Record<string, unknown>;
    emulator?: Record<string, unknown>;
    runWorker?: boolean;
    transport?: 'webhook' | 'ws';
  } = {},
): Promise<MonitoringHarness> {
  const h = await startHarness({
    ...(options.transport ? { transport: options.transport } : {}),
    monitoring: { ...COMPRESSED_MONITORING, ...options.monitoring },
    emulator: { eventRetryScheduleMs: [500, 1_000, 2_000], rateLimits: true, ...options.emulator },
    ...(options.runWorker === undefined ? {} : { runWorker: options.runWorker }),
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${h.info.emulator}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  const alertCards = async () =>
    (await h.messages(h.info.chats.oncall)).filter((item) => item.msg_type === 'interactive');
  const titleOf = (item: ChatItem) =>
    String((item.content.header as { title?: { content?: string } } | undefined)?.title?.content ?? '');
  return Object.assign(h, {
    alertCards,
    async waitForPage(title: string, since: number, timeoutMs = 60_000) {
      const seen = new Set(
        (await alertCards()).filter((item) => titleOf(item).includes(title)).map((item) => item.message_id),
      );
      const card = await h.waitFor(
        `an alert card "${title}" in the on-call chat`,
        async () =>
          (await alertCards()).find((item) => titleOf(item).includes(title) && !seen.has(item.message_id)),
        timeoutMs,
      );
      return { card, ms: Date.now() - since };
    },
    async waitForCardText(messageId: string, text: string, timeoutMs = 60_000) {
      return h.waitFor(
        `alert card ${messageId} to show "${text}"`,
        async () =>
          (await alertCards()).find(
            (item) => item.message_id === messageId && JSON.stringify(item.content).includes(text),
          ),
        timeoutMs,
      );
    },
    inject: (fault: Record<string, unknown>) => control('POST', '/__emulator/faults', fault),
    clearFaults: () => control('DELETE', '/__emulator/faults'),
    async readyz() {
      const response = await fetch(`${h.info.bot}/readyz`);
      return { status: response.status, body: (await response.json()) as ReadyzBody };
    },
  });
}

/**
 * Checks a measured time to page, and prints it with its production estimate:
 * 1. measured at the compressed intervals ≤ computeTimeToPage(compressed) + REAL_TIME_ALLOWANCE_MS
 *    (allowanceMs where a scenario adds a stated real-time wait of its own);
 * 2. computeTimeToPage(production defaults) plus its real-time allowance (probe and check deadlines, the
 *    send: realTimeAllowance) ≤ 5 minutes.
 * The estimate printed is the production bound plus what this run took beyond the compressed bound.
 */
export function expectTimeToPage(
  scenario: string,
  ms: number,
  path: DetectionPath,
  allowanceMs = REAL_TIME_ALLOWANCE_MS,
): number {
  const compressed = computeTimeToPage(COMPRESSED, path);
  const production = computeTimeToPage(PRODUCTION, path);
  const estimate = production + Math.max(0, ms - compressed);
  process.stdout.write(
    `time to page [${scenario}]: ${ms} ms at 1/${COMPRESSION} intervals (bound ${compressed} ms + ${allowanceMs} ms real time) → ≤ ${Math.round(estimate / 1000)} s at production intervals (bound ${production / 1000} s, limit ${PRODUCTION_LIMIT_MS / 1000} s)\n`,
  );
  expect(ms, `${scenario}: time to page at compressed intervals`).toBeLessThanOrEqual(
    compressed + allowanceMs,
  );
  expect(production + realTimeAllowance(PRODUCTION, path)).toBeLessThanOrEqual(PRODUCTION_LIMIT_MS);
  return estimate;
}
