import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { checkPolicyPin, readPolicyPin } from '../config/check-policy-pin.js';
import { ConfigError } from '../config/config-error.js';
import { createPolicySource, type PolicySource } from '../config/create-policy-source.js';
import { loadAuditKeys } from '../config/load-audit-keys.js';
import { type LoadedConfig, loadConfig, resolveFrom } from '../config/load-config.js';
import { loadRotation, type Rotation } from '../config/load-rotation.js';
import { MonitoringConfig } from '../config/monitoring-config.js';
import type { Secret } from '../config/secret.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import type { AuditHashKey } from '../domain/audit-event.js';
import { buildAuditChainId } from '../domain/build-audit-event.js';
import { chatTextFromLarkgate } from '../domain/chat-text.js';
import { fingerprintSecret } from '../domain/fingerprint-secret.js';
import { parseDuration } from '../domain/parse-duration.js';
import { createBaseGateway } from '../lark/create-base-gateway.js';
import { createLarkClient, type LarkClient, type LarkClientDeps } from '../lark/create-lark-client.js';
import { createMessenger } from '../lark/create-messenger.js';
import { createPacedMessenger } from '../lark/create-paced-messenger.js';
import { createPeopleDirectory } from '../lark/create-people-directory.js';
import { type AuditSinkHealth, createAuditSinkHealth } from '../monitoring/create-audit-sink-health.js';
import { createMetrics, type Metrics } from '../monitoring/create-metrics.js';
import { fetchTenantToken } from '../monitoring/fetch-tenant-token.js';
import type { AuditInput } from '../ports/audit.js';
import type { BaseGateway } from '../ports/base-gateway.js';
import type { Messenger } from '../ports/messenger.js';
import type { PeopleDirectory } from '../ports/people-directory.js';
import { createAuditFileSink } from '../store/audit-file-sink.js';
import { createAuditStreamSink } from '../store/audit-stream-sink.js';
import { auditAnchorKey, createAuditAnchor } from '../store/create-audit-anchor.js';
import { type AuditLog, createAuditLog } from '../store/create-audit-log.js';
import { createAuditStreamTrim } from '../store/create-audit-stream-trim.js';
import type { ReplicaAck } from '../store/create-request-store.js';
import { createRedisKeys, type RedisKeys } from '../store/redis-keys.js';
import { createRedisRateLimiter } from '../store/redis-rate-limiter.js';
import { trackAuditCoverage } from '../store/track-audit-coverage.js';
import { connectRedis, describeRedisTarget, type RedisConnectionOptions } from './connect-redis.js';
import { createCheckpointPoster } from './create-checkpoint-poster.js';
import { createSdkLogger } from './create-sdk-logger.js';
import { loadSecrets, type Secrets } from './load-secrets.js';
import { readBuildInfo } from './read-build-info.js';
import { redisTargetOf } from './redis-target-of.js';
import { retryWhileAuditUnavailable } from './retry-while-audit-unavailable.js';
import { selectAppSecret } from './select-app-secret.js';

/** The version in package.json, read at start (alignment.checked records it, with the commit when known). */
export const LARKGATE_VERSION: string = readBuildInfo({}).version;

export type RuntimeOptions = {
  configPath: string;
  role: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  clock?: () => number;
  /** How long one Lark call may take (default 10 s). */
  larkTimeoutMs?: number;
  /**
   * While no audit sink can record the start events, the runtime waits and retries (it does not crash):
   * called with why (for a readiness answer), and with null once the log records again.
   */
  onAuditWait?: (why: string | null, loaded: LoadedConfig) => void | Promise<void>;
};

export type Runtime = {
  /** The config as loaded at start (Lark app, Redis, audit, backup: what a reload cannot change). */
  loaded: LoadedConfig;
  /** The policy in force: loaded at start, reloaded on SIGHUP or file change, null when it cannot be. */
  policy: PolicySource;
  secrets: Secrets;
  logger: Logger;
  clock: () => number;
  keys: RedisKeys;
  /** Where Redis is, for logs: the URL, or the Sentinel master group and its sentinels. */
  redisUrl: string;
  /** A new connection to the configured Redis (URL or Sentinel), with the caller's options. */
  connectRedis(options: RedisConnectionOptions): Redis;
  /** `redis.replica_ack`, for the request store: absent when off. */
  replicaAck: ReplicaAck | undefined;
  /** Commands for the stores. */
  redis: Redis;
  audit: (input: AuditInput) => Promise<unknown>;
  auditLog: AuditLog;
  /** `audit.hash_key`, for reading the log back (readiness, promote). */
  auditHashKey: AuditHashKey;
  lark: LarkClient;
  gateway: BaseGateway;
  people: PeopleDirectory;
  messenger: Messenger;
  /** A new connection, as BullMQ workers need (maxRetriesPerRequest: null). */
  connectForWorker(): Redis;
  /** This process's Prometheus metrics (its own registry). */
  metrics: Metrics;
  /** The last failure of each audit sink in this process, for readiness and the monitor. */
  auditSinkHealth: AuditSinkHealth;
  /** `monitoring:` with defaults; absent from the config = loop and probes off (heartbeats still on). */
  monitoring: MonitoringConfig;
  /** The audit file's absolute path. */
  auditFile: string;
  /** A secret rotation in progress (app.*_previous), or null. */
  rotation: Rotation | null;
  /**
   * Set when this process runs on the previous app secret (Lark did not accept the current one yet): it
   * must stop by then, since the old secret is refused after the overlap.
   */
  appSecretDeadlineMs: number | null;
  close(): Promise<void>;
};

/**
 * Everything the serve, worker and CLI commands share, built in one place: config and secrets, Redis,
 * the audit log (Redis stream + JSONL file), the Lark client behind the endpoint allowlist.
 * Audits service.start, secret.loaded (keyed fingerprints only) and alignment.checked.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger;
  const build = readBuildInfo(options.env);
  const loaded = await loadConfig(options.configPath);
  const pin = readPolicyPin(options.env);
  const policy = createPolicySource({ initial: loaded, load: () => loadConfig(options.configPath), pin });
  const secrets = await loadSecrets(loaded, options.env);
  const auditKeys = await loadAuditKeys(loaded, secrets);
  const { config } = loaded;
  const redisTarget = redisTargetOf(config.redis, secrets.redisUrl?.reveal());
  const redisUrl = describeRedisTarget(redisTarget);
  const connect = (opts: RedisConnectionOptions) => connectRedis(redisTarget, opts);
  const keys = createRedisKeys(config.redis.prefix);

  // Commands issued in one tick go out in one write (ioredis auto-pipelining): under a burst of clicks the
  // de-dup marks, request reads, compare-and-sets and audit XADDs of many clicks share a syscall. Neither
  // connection runs a blocking command; the order of commands on a connection is unchanged.
  const redis = connect({ lazyConnect: false, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  const auditRedis = connect({
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
  });
  auditRedis.on('error', () => undefined);

  const metrics = createMetrics({ role: options.role });
  const auditSinkHealth = createAuditSinkHealth(clock);
  const auditFile = resolveFrom(loaded.dir, config.audit.file);
  await mkdir(dirname(auditFile), { recursive: true });
  let postCheckpoint: (checkpoint: AuditCheckpoint, sinks: readonly string[]) => void = () => undefined;
  // The stream is bounded only over what the file holds: trimmed up to the lowest chain's newest checkpoint
  // the file holds, and capped (XADD MAXLEN ~) only while this process's file sink is healthy.
  const streamTrim = createAuditStreamTrim(redis, config.audit.stream, {
    ms: config.audit.stream_keep_days * 86_400_000,
    clock,
  });
  const streamCap = config.audit.stream_max_len;
  let fileHealthy = () => false;
  const coverage = trackAuditCoverage(
    {
      file: createAuditFileSink({ path: auditFile }),
      stream: createAuditStreamSink({
        redis: auditRedis,
        key: config.audit.stream,
        maxLen: () => (streamCap > 0 && fileHealthy() ? streamCap : null),
      }),
    },
    {
      onFirst: (chain, streamId) => {
        streamTrim.register(chain, streamId).catch((error: Error) => {
          logger.warn({ err: error.message }, 'could not register the audit chain for stream trimming');
        });
      },
      onHeld: (chain, seq, streamId) => {
        streamTrim
          .held(chain, streamId)
          .then((trimmed) => {
            if (trimmed > 0) logger.info({ trimmed, upTo: streamId, seq }, 'audit stream trimmed');
          })
          .catch((error: Error) => logger.warn({ err: error.message }, 'could not trim the audit stream'));
      },
    },
  );
  fileHealthy = coverage.fileHealthy;
  const auditLog = createAuditLog({
    chain: buildAuditChainId({
      role: options.role,
      hostname: hostname(),
      pid: process.pid,
      startMs: clock(),
    }),
    sinks: [coverage.file, coverage.stream],
    clock: () => new Date(clock()),
    onSinkFailure: (failure) => {
      auditSinkHealth.recordFailure(failure.sink, failure.error);
      metrics.recordSinkFailure(failure.sink);
      logger.error(
        { sink: failure.sink, seq: failure.seq },
        'audit sink failed: the other sink holds the event',
      );
    },
    hashKey: auditKeys.hashKey,
    checkpointEvery: config.audit.checkpoint_every,
    checkpointIntervalMs: parseDuration(config.audit.checkpoint_interval) ?? 60_000,
    ...(auditKeys.signingKey ? { signingKey: auditKeys.signingKey } : {}),
    // Checkpoints leave the log's trust domain twice: the anchor in Redis and one line each in the audit
    // chat (docs/product.md §5). `audit verify` holds every chain to the newest one.
    anchor: createAuditAnchor({ redis: auditRedis, key: auditAnchorKey(config.audit.stream) }),
    onCheckpoint: (checkpoint, sinks) => postCheckpoint(checkpoint, sinks),
  });
  const audit = (input: AuditInput) =>
    auditLog
      .append({
        type: input.type,
        actor: input.actor,
        requestId: input.requestId,
        details: input.details,
      })
      .then((event) => {
        metrics.recordAuditEvent(input.type, input.details);
        return event;
      });

  const rateLimiter = createRedisRateLimiter({
    redis,
    limits: loaded.limits.rate_limits,
    keyPrefix: `${config.redis.prefix}:rl`,
  });
  const larkOptions = (appSecret: Secret): LarkClientDeps => ({
    appId: config.app.app_id,
    appSecret,
    domain: config.app.domain,
    endpoints: loaded.endpoints.endpoints,
    rateLimiter: {
      // Timed for larkgate_rate_limit_wait_seconds; the limiter itself is unchanged.
      async acquire(endpointId) {
        const started = performance.now();
        try {
          return await rateLimiter.acquire(endpointId);
        } finally {
          metrics.observeRateLimitWait(endpointId, performance.now() - started);
        }
      },
      block: (endpointId, untilMs) => rateLimiter.block(endpointId, untilMs),
    },
    onApiCall: (call) => metrics.recordLarkCall(call),
    maxRateLimitWaitMs: loaded.limits.retry.max_rate_limit_wait_seconds.max * 1000,
    ...(options.larkTimeoutMs ? { timeoutMs: options.larkTimeoutMs } : {}),
    logger: createSdkLogger(logger),
    onEgressDenied: async (attempt) => {
      await audit({
        type: 'egress.denied',
        actor: options.role,
        requestId: null,
        details: { method: attempt.method, path: attempt.path },
      });
    },
  });
  let lark = createLarkClient(larkOptions(secrets.appSecret));
  // During an app-secret rotation, run with whichever secret Lark accepts now; the previous one only
  // until the overlap ends (then the process must stop: see appSecretDeadlineMs).
  let rotation: Rotation | null;
  let appSecretInUse: 'current' | 'previous' = 'current';
  try {
    rotation = await loadRotation(loaded, options.env, clock());
    if (rotation?.appSecret) {
      const choice = await selectAppSecret({
        current: secrets.appSecret,
        previous: rotation.appSecret,
        validUntilMs: rotation.validUntilMs,
        now: clock(),
        file: loaded.path,
        accepts: (secret) =>
          fetchTenantToken(lark, { appId: config.app.app_id, appSecret: secret }).then(
            () => true,
            () => false,
          ),
      });
      appSecretInUse = choice.which;
      if (choice.which === 'previous') lark = createLarkClient(larkOptions(choice.secret));
    }
  } catch (error) {
    // No accepted secret, or an unbounded overlap: nothing keeps running.
    await auditLog.close().catch(() => undefined);
    redis.disconnect();
    auditRedis.disconnect();
    throw error;
  }

  // A process started while both sinks fail waits for them (logging why) instead of crashing and staying down.
  const startupAudit = (input: AuditInput) =>
    retryWhileAuditUnavailable(() => audit(input), {
      logger,
      onWaiting: (why) => options.onAuditWait?.(why, loaded),
    });
  await startupAudit({
    type: 'service.start',
    actor: options.role,
    requestId: null,
    details: { role: options.role, version: build.version, commit: build.commit, pid: process.pid },
  });
  for (const [key, secret] of Object.entries(secrets)) {
    if (!secret) continue;
    await startupAudit({
      type: 'secret.loaded',
      actor: options.role,
      requestId: null,
      details: {
        key,
        ref: secret.ref,
        fingerprint: fingerprintSecret(secrets.auditKey.reveal(), secret.reveal()),
      },
    });
  }
  for (const [key, secret] of [
    ['appSecretPrevious', rotation?.appSecret],
    ['encryptKeyPrevious', rotation?.encryptKey],
  ] as const) {
    if (!secret || !rotation) continue;
    await startupAudit({
      type: 'secret.loaded',
      actor: options.role,
      requestId: null,
      details: {
        key,
        ref: secret.ref,
        fingerprint: fingerprintSecret(secrets.auditKey.reveal(), secret.reveal()),
        valid_until: new Date(rotation.validUntilMs).toISOString(),
        ...(key === 'appSecretPrevious' ? { in_use: appSecretInUse === 'previous' } : {}),
      },
    });
  }
  await startupAudit({
    type: 'alignment.checked',
    actor: options.role,
    requestId: null,
    details: {
      version: build.version,
      commit: build.commit,
      policy_hash: loaded.policy.hash,
      config: loaded.path,
      pinned: pin,
      ok: checkPolicyPin(loaded.policy.hash, pin) === null,
    },
  });
  const pinProblem = checkPolicyPin(loaded.policy.hash, pin);
  if (pinProblem) {
    // A pinned hash that does not match refuses to serve: nothing starts.
    await auditLog.close().catch(() => undefined);
    redis.disconnect();
    auditRedis.disconnect();
    throw new ConfigError('environment', 'LARKGATE_POLICY_PIN', pinProblem, 'policy.pin_mismatch');
  }

  const messenger = createPacedMessenger(createMessenger({ client: lark.client }), rateLimiter);
  // Newest first, one at a time (create-checkpoint-poster.ts): close() lets the final one reach the chat.
  const checkpoints = createCheckpointPoster(
    ({ checkpoint, sinks }: { checkpoint: AuditCheckpoint; sinks: readonly string[] }) =>
      messenger
        // Larkgate's own record (hashes, chain ids), posted byte for byte so it can be compared.
        .sendText(
          config.chats.audit,
          chatTextFromLarkgate(`audit checkpoint ${JSON.stringify({ ...checkpoint, sinks })}`),
          {
            uuid: `ckpt-${checkpoint.chain}-${checkpoint.seq}`.slice(0, 50),
          },
        )
        .catch((error: Error) =>
          logger.warn({ err: error.message, seq: checkpoint.seq }, 'could not post an audit checkpoint'),
        ),
  );
  postCheckpoint = (checkpoint, sinks) => checkpoints.post({ checkpoint, sinks });
  // A start-up checkpoint: even a process that writes nothing else is anchored outside the log at once.
  await auditLog.checkpoint().catch(() => undefined);
  const workerConnections: Redis[] = [];
  return {
    loaded,
    policy,
    secrets,
    logger,
    clock,
    keys,
    redisUrl,
    connectRedis: connect,
    replicaAck: config.redis.replica_ack
      ? {
          replicas: config.redis.replica_ack.replicas,
          timeoutMs: config.redis.replica_ack.timeout_ms,
          onShort: (acked) =>
            logger.warn(
              { acked, wanted: config.redis.replica_ack?.replicas },
              'redis replica_ack: a request change is not yet on enough replicas (a failover now could lose it)',
            ),
        }
      : undefined,
    redis,
    audit,
    auditLog,
    auditHashKey: auditKeys.hashKey,
    lark,
    rotation,
    appSecretDeadlineMs: appSecretInUse === 'previous' && rotation ? rotation.validUntilMs : null,
    gateway: createBaseGateway({ client: lark.client, limits: loaded.limits }),
    people: createPeopleDirectory({ client: lark.client }),
    messenger,
    connectForWorker() {
      const connection = connect({ maxRetriesPerRequest: null });
      connection.on('error', (error) =>
        logger.warn({ err: error.message }, 'redis (worker) connection error'),
      );
      workerConnections.push(connection);
      return connection;
    },
    metrics,
    auditSinkHealth,
    monitoring: config.monitoring ?? MonitoringConfig.parse({ enabled: false }),
    auditFile,
    async close() {
      await audit({
        type: 'service.stop',
        actor: options.role,
        requestId: null,
        details: { role: options.role },
      }).catch(() => undefined);
      // close() writes the chain's final checkpoint; once both sinks (the file above all) hold it, nothing
      // of this chain is left uncovered, so it no longer holds the stream's trim floor.
      await auditLog.close().catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      const last = auditLog.head();
      if (last.seq > 0 && coverage.heldUpTo() === last.seq) {
        await streamTrim.release(last.chain).catch(() => undefined);
      }
      await waitAtMost(checkpoints.settled(), 5_000);
      for (const connection of [...workerConnections, redis, auditRedis]) connection.disconnect();
    },
  };
}

/** Waits for `promise`, but not longer than `ms` (shutdown must not hang on a slow chat). */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
