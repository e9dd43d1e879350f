import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Queue } from 'bullmq';
import type { CardAction } from '../app/approvals/card-action.js';
import type { CardAnswer } from '../app/approvals/card-answer.js';
import { createDrillOutcomes, DRILL_EVENTS } from '../app/drills/create-drill-outcomes.js';
import { ConfigError } from '../config/config-error.js';
import type { AlertBook, Observation } from '../domain/alert.js';
import { handleAlertAck } from '../http/handle-alert-ack.js';
import type { ReadinessCheck } from '../http/readiness-check.js';
import { createMessenger } from '../lark/create-messenger.js';
import { createAckRelay } from '../monitoring/create-ack-relay.js';
import { createAuditTail } from '../monitoring/create-audit-tail.js';
import { createBurstWatch } from '../monitoring/create-burst-watch.js';
import {
  checkFallbackUrl,
  createFallbackWebhook,
  type FallbackWebhook,
} from '../monitoring/create-fallback-webhook.js';
import { createMonitor, type Monitor } from '../monitoring/create-monitor.js';
import { createMonitorInbox } from '../monitoring/create-monitor-inbox.js';
import { createMonitorLarkClient } from '../monitoring/create-monitor-lark-client.js';
import { createPager } from '../monitoring/create-pager.js';
import { createSyntheticCheckStore } from '../monitoring/create-synthetic-check-store.js';
import { evaluateDrillFailures } from '../monitoring/evaluate-drill-failures.js';
import { createMonitorKeys } from '../monitoring/monitor-keys.js';
import { observeAuditSinks } from '../monitoring/observe-audit-sinks.js';
import { observeLarkToken } from '../monitoring/observe-lark-token.js';
import { observeRedis } from '../monitoring/observe-redis.js';
import { observeSyntheticCheckResults } from '../monitoring/observe-synthetic-check-results.js';
import { observeWorkers } from '../monitoring/observe-workers.js';
import { withTimeout } from '../platform/with-timeout.js';
import { createAuditStreamFeed } from '../store/create-audit-stream-feed.js';
import { createMonitorLease } from '../store/create-monitor-lease.js';
import type { Runtime } from './create-runtime.js';
import { createSdkLogger } from './create-sdk-logger.js';

export type Monitoring = {
  /** `/readyz`'s named checks (the policy check is the HTTP app's own). */
  readiness: ReadinessCheck[];
  /**
   * The Ack button's handler, on every replica with an on-call chat: the leader's monitor applies it, any
   * other replica relays it to the leader through Redis. Null without `chats.oncall`.
   */
  ackAlert: ((action: CardAction) => Promise<CardAnswer>) | null;
  monitor: Monitor | null;
  close(): Promise<void>;
};

/** How long one check may take. */
const CHECK_TIMEOUT_MS = 3_000;
/** The monitor lease lasts this many rounds: a leader that stops renewing it is replaced that much later. */
export const LEASE_ROUNDS = 3;
/** A lease claim Redis does not answer within this is `unreachable` (it runs beside the round's checks). */
const LEASE_TIMEOUT_MS = 1_000;
/** Mirrors the alert book only while this replica holds the lease: a leader that lost it cannot overwrite. */
const SAVE_IF_HOLDER = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) return 1 end return 0`;

/**
 * The bot's side of monitoring (docs/product.md §6), wired from the runtime:
 * - readiness checks: Redis, audit writable, a Lark token obtainable, worker heartbeats fresh;
 * - when `monitoring.enabled`, the monitor loop in this process with its own Redis connection (fails fast)
 *   and its own Lark client (in-process rate limiter): a Redis outage still pages. Replicas share one monitor
 *   lease: only its holder pages (decide-monitor-role.ts for the rule while Redis is down);
 * - the Ack handler on every replica with an on-call chat (relayed to the leader when this one does not lead);
 * - the queue-depth and monitor-leader gauges on /metrics.
 */
export async function startMonitoring(
  runtime: Runtime,
  options: {
    queues: readonly Queue[];
    /** More checks for the monitor loop, e.g. the long connection's (`lark.ws`) when `lark.transport: ws`. */
    checks?: ReadonlyArray<() => Promise<Observation[]>>;
  },
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
  const redis = runtime.connectRedis({
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
  const syntheticChecks = createSyntheticCheckStore(redis, keys.syntheticChecks);
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
  if (!oncall) {
    runtime.metrics.setMonitorRole({ leading: false, basis: 'disabled' });
    return {
      readiness,
      ackAlert: null,
      monitor: null,
      async close() {
        redis.disconnect();
      },
    };
  }
  const pager = createPager({
    messenger: createMessenger({ client: pagerLark.client }),
    chatId: oncall,
    notify: config.notify,
    escalateTo: config.escalate_to,
    runbookUrl: config.runbook_url,
  });
  const lease = createMonitorLease(redis, {
    key: keys.lease,
    holder: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    ttlMs: LEASE_ROUNDS * config.every,
    timeoutMs: LEASE_TIMEOUT_MS,
  });
  const inbox = createMonitorInbox(redis, {
    key: keys.inbox,
    timeoutMs: CHECK_TIMEOUT_MS,
    ttlSeconds: 86_400,
  });
  const loadMirror = async () => {
    const text = await withTimeout(redis.get(keys.alerts), CHECK_TIMEOUT_MS);
    return text ? (JSON.parse(text) as AlertBook) : null;
  };
  const relayAck = createAckRelay({
    chatId: oncall,
    clock: runtime.clock,
    loadBook: loadMirror,
    inbox,
    card: pager.card,
  });
  if (!config.enabled) {
    // This replica never monitors; an Ack clicked here still reaches the leader.
    runtime.metrics.setMonitorRole({ leading: false, basis: 'disabled' });
    return {
      readiness,
      ackAlert: (action) => handleAlertAck(action, { ack: relayAck }),
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
  const drills = createDrillOutcomes(
    createAuditStreamFeed(redis, loaded.config.audit.stream, { contains: DRILL_EVENTS }),
  );
  const monitor = createMonitor({
    config,
    clock: runtime.clock,
    logger: logger.child({ component: 'monitor' }),
    chatId: oncall,
    audit: runtime.audit,
    metrics: runtime.metrics,
    ...(fallback ? { fallback } : {}),
    pager,
    lease,
    inbox,
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
        observeSyntheticCheckResults({
          store: syntheticChecks,
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
      ...(options.checks ?? []),
    ],
    mirror: {
      load: loadMirror,
      async save(book) {
        const saved = await withTimeout(
          redis.eval(
            SAVE_IF_HOLDER,
            2,
            keys.lease,
            keys.alerts,
            lease.holder,
            JSON.stringify(book),
            7 * 86_400,
          ),
          CHECK_TIMEOUT_MS,
        );
        if (saved !== 1) throw new Error('this replica does not hold the monitor lease');
      },
    },
  });
  await monitor.start();
  logger.info(
    { every: config.every, chat: oncall, fallbackWebhook: fallback?.host ?? null, holder: lease.holder },
    'monitor started',
  );
  return {
    readiness,
    ackAlert: (action) =>
      handleAlertAck(action, {
        ack: (input) => (monitor.role().leading ? monitor.ack(input) : relayAck(input)),
      }),
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
