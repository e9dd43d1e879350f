import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { handleAlertAck } from '../../jobs/handle-alert-ack.js';
import type { CardAction, CardAnswer } from '../../jobs/handle-card-action.js';
import { ConfigError } from '../config/config-error.js';
import { createDrillOutcomes } from '../drills/create-drill-outcomes.js';
import type { ReadinessCheck } from '../http/readiness-check.js';
import { createMessenger } from '../lark/create-messenger.js';
import type { AlertBook, Observation } from '../monitoring/alert.js';
import { createAuditTail } from '../monitoring/create-audit-tail.js';
import { createBurstWatch } from '../monitoring/create-burst-watch.js';
import {
  checkFallbackUrl,
  createFallbackWebhook,
  type FallbackWebhook,
} from '../monitoring/create-fallback-webhook.js';
import { createMonitor, type Monitor } from '../monitoring/create-monitor.js';
import { createMonitorLarkClient } from '../monitoring/create-monitor-lark-client.js';
import { createPager } from '../monitoring/create-pager.js';
import { createProbeStore } from '../monitoring/create-probe-store.js';
import { evaluateDrillFailures } from '../monitoring/evaluate-drill-failures.js';
import { createMonitorKeys } from '../monitoring/monitor-keys.js';
import { observeAuditSinks } from '../monitoring/observe-audit-sinks.js';
import { observeLarkToken } from '../monitoring/observe-lark-token.js';
import { observeProbeResults } from '../monitoring/observe-probe-results.js';
import { observeRedis } from '../monitoring/observe-redis.js';
import { observeWorkers } from '../monitoring/observe-workers.js';
import { withTimeout } from '../monitoring/with-timeout.js';
import type { Runtime } from './create-runtime.js';
import { createSdkLogger } from './create-sdk-logger.js';

export type Monitoring = {
  /** `/readyz`'s named checks (the policy check is the HTTP app's own). */
  readiness: ReadinessCheck[];
  /** The Ack button's handler; null when the monitor is off. */
  ackAlert: ((action: CardAction) => Promise<CardAnswer>) | null;
  monitor: Monitor | null;
  close(): Promise<void>;
};

/** How long one check may take. */
const CHECK_TIMEOUT_MS = 3_000;

/**
 * The bot's side of monitoring (product.md §6), wired from the runtime:
 * - readiness checks: Redis, audit writable, a Lark token obtainable, worker heartbeats fresh;
 * - when `monitoring.enabled`, the monitor loop in this process with its own Redis connection (fails fast)
 *   and its own Lark client (in-process rate limiter): a Redis outage still pages;
 * - the queue-depth gauge on /metrics.
 */
export async function startMonitoring(
  runtime: Runtime,
  options: { queues: readonly Queue[] },
): Promise<Monitoring> {
  const config = runtime.monitoring;
  const { loaded, logger } = runtime;
  const oncall = loaded.config.chats.oncall;
  if (config.enabled && !oncall) {
    throw new ConfigError(
      loaded.path,
      'chats.oncall',
      'monitoring pages the on-call chat: set chats.oncall (or monitoring.enabled: false)',
      'config.oncall_missing',
    );
  }
  const fallback = createFallback(runtime);
  const redis = new Redis(runtime.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
  });
  redis.on('error', () => undefined);
  // This connection does not queue commands: give it a moment to come up, so the first checks see Redis.
  await withTimeout(
    new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve()),
    ),
    2_000,
  ).catch(() => undefined);
  const keys = createMonitorKeys(loaded.config.redis.prefix);
  const clientDeps = {
    appId: loaded.config.app.app_id,
    appSecret: runtime.secrets.appSecret,
    domain: loaded.config.app.domain,
    endpoints: loaded.endpoints.endpoints,
    onApiCall: runtime.metrics.recordLarkCall,
    logger: createSdkLogger(logger),
    onEgressDenied: async (attempt: { method: string; path: string }) => {
      await runtime
        .audit({ type: 'egress.denied', actor: 'monitor', requestId: null, details: { ...attempt } })
        .catch(() => undefined);
    },
  };
  // Checks report a 429 at once; pages wait out a short one (IM allows 5 messages a second per chat).
  const lark = createMonitorLarkClient({ ...clientDeps, maxRateLimitWaitMs: 0 });
  const pagerLark = createMonitorLarkClient(clientDeps);
  const probes = createProbeStore(redis, keys.probes);
  // Queues without an error listener print every connection error while Redis is down.
  for (const queue of options.queues)
    if (queue.listenerCount('error') === 0) queue.on('error', () => undefined);
  runtime.metrics.setQueueSource(async () =>
    Promise.all(
      options.queues.map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts() })),
    ),
  );

  const observeToken = () =>
    observeLarkToken({
      lark,
      appId: loaded.config.app.app_id,
      appSecret: runtime.secrets.appSecret,
      timeoutMs: CHECK_TIMEOUT_MS + 2_000,
      observer: 'bot',
    });
  // Readiness may be asked often; Lark's token endpoint is asked at most every 30 s.
  let lastToken: { at: number; observations: Observation[] } | null = null;
  const cachedToken = async () => {
    if (!lastToken || runtime.clock() - lastToken.at > 30_000) {
      lastToken = { at: runtime.clock(), observations: await observeToken() };
    }
    return lastToken.observations;
  };
  const observeAudit = () =>
    observeAuditSinks({
      filePath: runtime.auditFile,
      sinkHealth: runtime.auditSinkHealth,
      withinMs: Math.max(2 * config.every, 10_000),
    });
  const observeHeartbeats = () =>
    observeWorkers({
      redis,
      key: keys.heartbeats,
      maxAgeMs: config.heartbeat.max_age,
      timeoutMs: CHECK_TIMEOUT_MS,
      onAge: (ageMs) => runtime.metrics.setHeartbeatAge(ageMs),
    });
  const readiness: ReadinessCheck[] = [
    toReadiness('redis', () => observeRedis(redis, CHECK_TIMEOUT_MS)),
    toReadiness('audit', observeAudit),
    toReadiness('lark', cachedToken),
    toReadiness('workers', observeHeartbeats),
  ];
  if (!config.enabled || !oncall) {
    return {
      readiness,
      ackAlert: null,
      monitor: null,
      async close() {
        redis.disconnect();
      },
    };
  }

  const bursts = createBurstWatch({
    read: createAuditTail(redis, loaded.config.audit.stream, { lookbackMs: config.bursts.window }).read,
    config: config.bursts,
    clock: runtime.clock,
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  const drills = createDrillOutcomes(redis, loaded.config.audit.stream);
  const monitor = createMonitor({
    config,
    clock: runtime.clock,
    logger: logger.child({ component: 'monitor' }),
    chatId: oncall,
    audit: runtime.audit,
    metrics: runtime.metrics,
    ...(fallback ? { fallback } : {}),
    pager: createPager({
      messenger: createMessenger({ client: pagerLark.client }),
      chatId: oncall,
      notify: config.notify,
      escalateTo: config.escalate_to,
      runbookUrl: config.runbook_url,
    }),
    checks: [
      () => observeRedis(redis, CHECK_TIMEOUT_MS),
      observeAudit,
      async () => {
        const observations = await observeToken();
        lastToken = { at: runtime.clock(), observations };
        return observations;
      },
      observeHeartbeats,
      ({ uptimeMs }) =>
        observeProbeResults({
          store: probes,
          maxAgeMs: config.probes.max_age,
          timeoutMs: CHECK_TIMEOUT_MS,
          uptimeMs,
        }),
      () => bursts.observe(),
      // A failed rollback drill (jobs/handle-drill.ts audits it) pages until a later drill passes.
      async () => {
        const outcomes = await withTimeout(drills.read(), CHECK_TIMEOUT_MS);
        const staging = (runtime.policy.current()?.bases ?? []).filter((base) => base.staging);
        return evaluateDrillFailures({ ...outcomes, staging: new Set(staging.map((base) => base.alias)) });
      },
      async () => {
        const problem = runtime.policy.problem();
        return [
          problem === null
            ? { key: 'policy', status: 'ok', detail: '' }
            : { key: 'policy', status: 'failing', detail: `no policy in force: ${problem}` },
        ];
      },
    ],
    mirror: {
      async load() {
        const text = await withTimeout(redis.get(keys.alerts), CHECK_TIMEOUT_MS);
        return text ? (JSON.parse(text) as AlertBook) : null;
      },
      async save(book) {
        await withTimeout(redis.set(keys.alerts, JSON.stringify(book), 'EX', 7 * 86_400), CHECK_TIMEOUT_MS);
      },
    },
  });
  await monitor.start();
  logger.info(
    { every: config.every, chat: oncall, fallbackWebhook: fallback?.host ?? null },
    'monitor started',
  );
  return {
    readiness,
    ackAlert: (action) => handleAlertAck(action, { ack: monitor.ack }),
    monitor,
    async close() {
      await monitor.stop();
      redis.disconnect();
    },
  };
}

/**
 * The out-of-band pager from `monitoring.fallback_webhook`, or null. Its URL (a secret) must not be on
 * the Lark domain: refused at start, naming the key and the host, never the URL.
 */
function createFallback(runtime: Runtime): FallbackWebhook | null {
  const webhook = runtime.monitoring.fallback_webhook;
  const url = runtime.secrets.fallbackWebhookUrl;
  if (!webhook || !url) return null;
  const checked = checkFallbackUrl(url.reveal(), runtime.loaded.config.app.domain);
  if (checked.kind === 'refused') {
    throw new ConfigError(
      runtime.loaded.path,
      'monitoring.fallback_webhook.url',
      checked.problem,
      'config.invalid_value',
    );
  }
  return createFallbackWebhook({
    url,
    host: checked.host,
    timeoutMs: webhook.timeout,
    runbookUrl: runtime.monitoring.runbook_url,
  });
}

/** A readiness check from observations: ready when none fails or is unknown. */
function toReadiness(name: string, observe: () => Promise<Observation[]>): ReadinessCheck {
  return {
    name,
    async check() {
      const problems = (await observe()).filter(
        (observation) =>
          observation.status !== 'ok' &&
          !(observation.key === 'lark.rate_limited' && observation.status === 'unknown'),
      );
      return problems.length === 0
        ? null
        : problems.map((problem) => `${name}: ${problem.detail}`).join('; ');
    },
  };
}
