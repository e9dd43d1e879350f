import { MonitoringConfig } from '../../src/config/monitoring-config.js';
import { computeTimeToPage, type DetectionPath } from '../../src/monitoring/compute-time-to-page.js';
import { type ChatItem, type Harness, startHarness } from '../e2e/demo-harness.js';

/**
 * Production intervals divided by COMPRESSION (config/larkgate.example.yaml's monitoring block, which are
 * also the schema defaults): a round every 30 s → 500 ms, heartbeats 15 s / 90 s → 250 ms / 1.5 s, probes
 * every 60 s → 1 s, escalation after 10 min → 10 s. Timeouts (probes.timeout, Lark's own answers and
 * rate-limit resets) are real time and not compressed: they only make a compressed run slower.
 */
export const COMPRESSION = 60;
export const PRODUCTION_LIMIT_MS = 5 * 60_000;

export const COMPRESSED_MONITORING = {
  every: '500ms',
  raise_after: 2,
  clear_after: 3,
  reopen_within: '30s',
  escalate_after: '10s',
  heartbeat: { every: '250ms', max_age: '1500ms' },
  probes: { every: '1s', max_age: '5s', timeout: '2s', token_refresh_every: '5s', drill_age: false },
  audit: { max_lag: '2s' },
  bursts: { window: '5s', denials: 20, auth_failures: 10, failed_ops: 3, verify_failures: 1 },
};

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
  } = {},
): Promise<MonitoringHarness> {
  const h = await startHarness({
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
    async waitForPage(title: string, since: number, timeoutMs = 30_000) {
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
    async waitForCardText(messageId: string, text: string, timeoutMs = 30_000) {
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
 * Prints a measured time to page with its production estimate, and returns the estimate: the worst case
 * the intervals allow at production (computeTimeToPage with the production defaults) plus whatever the
 * measurement took beyond the compressed worst case (real-time latency, which compression does not shrink).
 */
export function reportTimeToPage(scenario: string, ms: number, path: DetectionPath): number {
  const compressed = computeTimeToPage(MonitoringConfig.parse(COMPRESSED_MONITORING), path);
  const estimate = computeTimeToPage(MonitoringConfig.parse({}), path) + Math.max(0, ms - compressed);
  process.stdout.write(
    `time to page [${scenario}]: ${ms} ms at 1/${COMPRESSION} intervals (worst case by the intervals ${compressed} ms) → ≤ ${Math.round(estimate / 1000)} s at production intervals (limit ${PRODUCTION_LIMIT_MS / 1000} s)\n`,
  );
  return estimate;
}
