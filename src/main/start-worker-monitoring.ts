import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { type Job, Queue, Worker } from 'bullmq';
import { handleSyntheticCheck } from '../../jobs/handle-synthetic-check.js';
import { SYNTHETIC_CHECK_QUEUE } from '../../jobs/synthetic-check-queue.js';
import { createBaseGateway } from '../lark/create-base-gateway.js';
import { createMessenger } from '../lark/create-messenger.js';
import { attachTokenWatch } from '../monitoring/attach-token-watch.js';
import { createAuditDrillSource, type DrillSource } from '../monitoring/create-audit-drill-source.js';
import { createMonitorLarkClient } from '../monitoring/create-monitor-lark-client.js';
import { createSyntheticCheckStore } from '../monitoring/create-synthetic-check-store.js';
import { createSyntheticChecks } from '../monitoring/create-synthetic-checks.js';
import { createTokenWatch } from '../monitoring/create-token-watch.js';
import { createMonitorKeys } from '../monitoring/monitor-keys.js';
import { startHeartbeat } from '../monitoring/start-heartbeat.js';
import type { Runtime } from './create-runtime.js';
import { createSdkLogger } from './create-sdk-logger.js';

export type WorkerMonitoringOptions = {
  /** The worker's BullMQ workers, for job counts and durations on /metrics. */
  workers: readonly Worker[];
  /** Where the last passing rollback drill per base comes from; default: the audit stream. */
  drills?: DrillSource;
};

/**
 * The worker's side of monitoring (docs/product.md §6):
 * - a heartbeat in Redis every `monitoring.heartbeat.every` (always: readiness reads it);
 * - job counts and durations into this process's metrics, served on `monitoring.worker_metrics_port` when set;
 * - when `monitoring.enabled`, the synthetic checks as BullMQ job schedulers (`probes`, `token-refresh`) on
 *   their own queue, with their own Lark clients: one for the checks, and one that lives as long as this
 *   process for the token-refresh check. (Scheduler, queue and audit actor names keep the old word `probe`.)
 */
export async function startWorkerMonitoring(
  runtime: Runtime,
  options: WorkerMonitoringOptions,
): Promise<{ close(): Promise<void> }> {
  const config = runtime.monitoring;
  const { loaded, logger } = runtime;
  const keys = createMonitorKeys(loaded.config.redis.prefix);
  const closers: Array<() => Promise<void>> = [];

  const heartbeat = startHeartbeat({
    redis: runtime.redis,
    key: keys.heartbeats,
    id: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    everyMs: config.heartbeat.every,
    onError: (error) => logger.warn({ err: error.message }, 'worker heartbeat not written'),
  });
  closers.push(async () => heartbeat.stop());

  for (const worker of options.workers) {
    const duration = (job: Job | undefined) =>
      job?.processedOn && job.finishedOn ? job.finishedOn - job.processedOn : null;
    worker.on('completed', (job) => runtime.metrics.observeJob(worker.name, 'completed', duration(job)));
    worker.on('failed', (job) => runtime.metrics.observeJob(worker.name, 'failed', duration(job)));
  }

  if (config.enabled) {
    const clientDeps = {
      appId: loaded.config.app.app_id,
      appSecret: runtime.secrets.appSecret,
      domain: loaded.config.app.domain,
      endpoints: loaded.endpoints.endpoints,
      onApiCall: runtime.metrics.recordLarkCall,
      logger: createSdkLogger(logger),
      timeoutMs: Math.min(config.probes.timeout, 10_000),
      // No waiting out 429s: a throttled synthetic check reports "rate limited" at once (two runs in a row page),
      // instead of waiting until its deadline and reporting a timeout.
      maxRateLimitWaitMs: 0,
      onEgressDenied: async (attempt: { method: string; path: string }) => {
        await runtime
          .audit({ type: 'egress.denied', actor: 'probe', requestId: null, details: { ...attempt } })
          .catch(() => undefined);
      },
    };
    const lark = createMonitorLarkClient(clientDeps);
    const longLived = createMonitorLarkClient(clientDeps);
    const watch = createTokenWatch(() => Date.now());
    attachTokenWatch(longLived.httpInstance, watch);
    const longLivedMessenger = createMessenger({ client: longLived.client });
    const store = createSyntheticCheckStore(runtime.redis, keys.syntheticChecks);
    const syntheticChecks = createSyntheticChecks({
      config,
      clock: runtime.clock,
      lark,
      appId: loaded.config.app.app_id,
      appSecret: runtime.secrets.appSecret,
      reader: createBaseGateway({ client: lark.client, limits: loaded.limits }),
      bases: () => runtime.policy.current()?.bases ?? [],
      redis: runtime.redis,
      audit: {
        filePath: runtime.auditFile,
        streamKey: loaded.config.audit.stream,
        keepalive: (details) =>
          runtime.audit({ type: 'monitor.keepalive', actor: 'probe', requestId: null, details }),
      },
      drills: options.drills ?? createAuditDrillSource(runtime.redis, loaded.config.audit.stream),
      tokenRefresh: { call: () => longLivedMessenger.getBotInfo(), watch },
    });
    const prefix = runtime.keys.queuePrefix;
    const queue = new Queue(SYNTHETIC_CHECK_QUEUE, { connection: runtime.connectForWorker(), prefix });
    queue.on('error', (error) => logger.warn({ err: error.message }, 'probe queue error'));
    const worker = new Worker(
      SYNTHETIC_CHECK_QUEUE,
      async (job: Job) =>
        handleSyntheticCheck(job.name, {
          run: syntheticChecks.run,
          save: (results) => store.save(results),
          onResult: (result) => runtime.metrics.setSyntheticCheck(result.key, result.status === 'ok'),
          logger: logger.child({ jobId: job.id }),
        }),
      { connection: runtime.connectForWorker(), prefix, concurrency: 2 },
    );
    worker.on('error', (error) => logger.error({ err: error.message }, 'probe worker error'));
    const done = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
    await queue.upsertJobScheduler('probes', { every: config.probes.every }, { name: 'probes', opts: done });
    await queue.upsertJobScheduler(
      'token-refresh',
      { every: config.probes.token_refresh_every },
      { name: 'token-refresh', opts: done },
    );
    closers.push(async () => {
      await worker.close();
      await queue.close();
    });
  }

  if (config.worker_metrics_port !== undefined) {
    const server = await serveMetrics(runtime, config.worker_metrics_port, loaded.config.server.host);
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }

  return {
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}

/** The worker's /metrics, /healthz and /readyz: it has no other HTTP surface. */
async function serveMetrics(runtime: Runtime, port: number, host: string): Promise<Server> {
  const registry = runtime.metrics.registry;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    } else if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (req.method === 'GET' && req.url === '/readyz') {
      // Not ready while neither audit sink takes events: every job would fail at its first audit.
      const recent = ['file', 'stream'].map((sink) => runtime.auditSinkHealth.recentFailure(sink, 30_000));
      const why = recent.every((failure) => failure !== null)
        ? `audit: no audit sink can record (${recent.map((failure) => failure?.error).join('; ')})`
        : null;
      const body = why
        ? { ready: false, why, checks: { audit: why } }
        : { ready: true, checks: { audit: 'ok' } };
      res.writeHead(why ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  runtime.logger.info({ port }, 'worker metrics listening');
  return server;
}
