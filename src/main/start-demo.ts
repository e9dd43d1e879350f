import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import type { EmulatorOptions } from '../../emulator/emulator-options.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import type { DrillReceipt } from '../app/drills/drill-receipt.js';
import { runRollbackDrill } from '../app/drills/run-rollback-drill.js';
import { generateBackupKeyPair } from '../backup/generate-backup-key-pair.js';
import type { Locale } from '../domain/i18n/locale.js';
import { findRepoDir } from '../platform/find-repo-dir.js';
import { getFreePort } from '../platform/get-free-port.js';
import { type RedisServer, spawnRedisServer } from '../platform/spawn-redis-server.js';
import { createDrillDeps } from './create-drill-deps.js';
import { createLogger } from './create-logger.js';
import { createRuntime, LARKGATE_VERSION, type Runtime } from './create-runtime.js';
import { type Cleanup, runCleanups } from './run-cleanups.js';
import type { Monitoring } from './start-monitoring.js';
import { type RunningServe, startServe } from './start-serve.js';
import { type RunningWorker, startWorker, type WorkerOptions } from './start-worker.js';
import { type PolicyWatcher, watchPolicy } from './watch-policy.js';
import {
  DEMO_AGENTS,
  DEMO_CHATS,
  DEMO_USERS,
  demoAgentTokenFile,
  demoBases,
  writeDemoConfig,
} from './write-demo-config.js';

export const REPO_DIR = findRepoDir(import.meta.dirname);

/** A Base a bench adds to the demo: its emulator seed and its policy entry (`bases:` in larkgate.yaml). */
export type DemoExtraBase = {
  seed: EmulatorSeed['bases'][number];
  policy: {
    alias: string;
    name: string;
    tier: string;
    stage: string;
    staging?: boolean;
    tables: string[];
    [key: string]: unknown;
  };
};

export type DemoOptions = {
  /** Working folder for config, secrets, keys, audit log and backups; emptied first. */
  dir: string;
  /** Use this Redis instead of spawning a private one (with AOF) in `dir/redis`. */
  redisUrl?: string;
  /** Reach Redis through these sentinels and master group (`redis.sentinels` + `redis.name`); needs redisUrl. */
  redisSentinel?: {
    sentinels: { host: string; port: number }[];
    name: string;
    replica_ack?: { replicas: number; timeout_ms: number };
  };
  emulatorPort?: number;
  botPort?: number;
  /** The read-only dashboard's port (default: a free one). */
  dashboardPort?: number;
  seedPath?: string;
  /** Replace the seed's app secret, encrypt key and verification token with random ones (`larkgate demo`). */
  randomSecrets?: boolean;
  emulator?: EmulatorOptions;
  worker?: WorkerOptions;
  /** Run the BullMQ workers in this process (default true); tests may run them elsewhere. */
  runWorker?: boolean;
  logDestination?: DestinationStream;
  logLevel?: string;
  /** How long a request waits for approval (default 30m). */
  approvalTtl?: string;
  /** Overrides the batch-delete ceiling of lark-api-limits.yaml (tests). */
  batchDeleteCeiling?: number;
  /** How long one Lark call may take (default 10 s). */
  larkTimeoutMs?: number;
  /**
   * Monitoring on, with the demo's values (DEMO_MONITORING) changed by these `monitoring:` keys, e.g.
   * compressed intervals in tests. Absent = off: the monitor makes Lark calls and posts to the on-call chat.
   */
  monitoring?: Record<string, unknown>;
  /**
   * Run one rollback drill on the sandbox before reporting ready (default true): without a recent passing
   * drill, the tier rule refuses writes on crm (L2) and billing (L3). Tests of that refusal turn it off.
   */
  drill?: boolean;
  /** Adds a `drills:` block (the scheduled drill, `{every, base}`) to the demo's config; absent = none. */
  drills?: { every: string; base: string };
  /** Protects the demo's backup private key with this passphrase (backup.private_key_passphrase); absent = none. */
  backupKeyPassphrase?: string;
  /** An `intake:` block, e.g. a per-requester limit benches raise; absent = the defaults. */
  intake?: Record<string, unknown>;
  /** `chats.locale` / `chats.user_locales` (the language of text replies); absent = English. */
  replyLocales?: { locale?: Locale; user_locales?: Record<string, Locale> };
  /**
   * Bases beyond the demo's three (benches): each seeded in the emulator and added to the policy as given
   * (`bases:` entry, YAML shape; its `app_token` is the seed's).
   */
  extraBases?: readonly DemoExtraBase[];
  /**
   * How the emulator reaches the bot: `webhook` (default, HTTP pushes to the bot's URLs) or `ws` (the seed's
   * `bot.transport: ws` and `lark.transport: ws`: the bot dials the emulator's long connection).
   */
  transport?: 'webhook' | 'ws';
};

export type DemoInfo = {
  ready: true;
  /** How Lark reaches the bot: HTTP pushes, or the long connection. */
  transport: 'webhook' | 'ws';
  emulator: string;
  bot: string;
  /** The read-only dashboard of `larkgate serve`, null when it did not start. */
  dashboard: string | null;
  chats: { requests: string; audit: string; oncall: string };
  users: { requester: string; approvers: string[]; oncall: string };
  bases: {
    alias: string;
    app_token: string;
    tier: string;
    stage: string;
    staging: boolean;
    tables: { name: string; table_id: string }[];
  }[];
  /** The MCP server for agents and the demo's agents, with their (throwaway) tokens. */
  mcp: {
    url: string;
    agents: { id: string; token: string; on_behalf_of: string; tools: string[] }[];
  };
};

export type Demo = {
  info: DemoInfo;
  dir: string;
  configPath: string;
  redisUrl: string;
  seed: EmulatorSeed;
  runtime: Runtime;
  logger: Logger;
  privateKey: string;
  emulator: Emulator;
  /** The private redis-server, when the demo spawned one. */
  redisServer: RedisServer | undefined;
  /** Reloads the policy on SIGHUP or file change (and on demand), auditing each outcome. */
  policyWatcher: PolicyWatcher;
  /** Starts (another) worker in this process, e.g. after a test killed one. */
  startWorker(options?: WorkerOptions): Promise<RunningWorker>;
  /** The bot's readiness checks and monitor (null when monitoring is off). */
  monitoring: Monitoring;
  /** The bot (`larkgate serve`): tests may close it early, as a replica shutting down would. */
  serve: RunningServe;
  /** The receipt of the drill run at start (null when `drill: false`). */
  drill: DrillReceipt | null;
  close(): Promise<void>;
};

/**
 * Everything on one machine with no set-up beyond `npm ci` (docs/product.md §8): a private redis-server, the
 * emulator seeded with the demo organisation, the bot (HTTP) and the workers, and throwaway backup keys.
 */
/** How long one clean-up step of the demo may take before the next runs anyway (run-cleanups.ts). */
const CLEANUP_STEP_TIMEOUT_MS = 15_000;

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const { dir } = options;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const logger = createLogger({
    name: 'larkgate-demo',
    level: options.logLevel ?? 'info',
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const cleanups: Cleanup[] = [];
  try {
    let redis: RedisServer | undefined;
    if (!options.redisUrl) {
      await mkdir(join(dir, 'redis'), { recursive: true });
      redis = await spawnRedisServer({ aof: true, dir: join(dir, 'redis') });
      cleanups.push({ what: 'redis-server', run: () => (redis as RedisServer).stop() });
    }
    const redisUrl = options.redisUrl ?? (redis as RedisServer).url;
    const transport = options.transport ?? 'webhook';
    const loadedSeed = await loadSeedFile(
      options.seedPath ?? join(REPO_DIR, 'config/emulator/demo-seed.yaml'),
    );
    const extraBases = options.extraBases ?? [];
    const seed: EmulatorSeed = {
      ...loadedSeed,
      bot: { ...loadedSeed.bot, transport },
      bases: [...loadedSeed.bases, ...extraBases.map((extra) => extra.seed)],
    };
    const policyBases = [
      ...demoBases(seed),
      ...extraBases.map((extra) => ({ ...extra.policy, app_token: extra.seed.app_token })),
    ];
    if (options.randomSecrets) {
      const random = () => randomBytes(24).toString('base64url');
      seed.app = { ...seed.app, app_secret: random(), encrypt_key: random(), verification_token: random() };
    }
    const botPort = options.botPort || (await getFreePort());
    const keys = await generateBackupKeyPair({
      name: 'Larkgate demo backups',
      email: 'backups@larkgate.invalid',
      ...(options.backupKeyPassphrase === undefined ? {} : { passphrase: options.backupKeyPassphrase }),
    });
    await writeFile(join(dir, 'ops-backup.key.asc'), keys.privateKey, { mode: 0o600 });

    const emulator = await startEmulator(seed, {
      ...options.emulator,
      port: options.emulatorPort ?? 0,
      eventUrl: `http://127.0.0.1:${botPort}/lark/events`,
      cardUrl: `http://127.0.0.1:${botPort}/lark/card`,
    });
    cleanups.push({ what: 'emulator', run: () => emulator.close() });
    const configPath = await writeDemoConfig({
      dir,
      seed,
      emulatorUrl: emulator.url,
      botPort,
      redisUrl,
      ...(options.redisSentinel ? { redisSentinel: options.redisSentinel } : {}),
      publicKey: keys.publicKey,
      repoConfigDir: join(REPO_DIR, 'config'),
      approvalTtl: options.approvalTtl ?? '30m',
      ...(options.batchDeleteCeiling === undefined ? {} : { batchDeleteCeiling: options.batchDeleteCeiling }),
      ...(options.monitoring ? { monitoring: options.monitoring } : {}),
      ...(options.drills ? { drills: options.drills } : {}),
      ...(options.intake ? { intake: options.intake } : {}),
      ...(options.replyLocales ? { replyLocales: options.replyLocales } : {}),
      ...(transport === 'ws' ? { transport } : {}),
      ...(extraBases.length > 0 ? { extraBases: policyBases.slice(demoBases(seed).length) } : {}),
      ...(options.backupKeyPassphrase === undefined
        ? {}
        : { backupKeyPassphrase: options.backupKeyPassphrase }),
    });
    const runtime = await createRuntime({
      configPath,
      role: 'demo',
      env: process.env,
      logger,
      ...(options.larkTimeoutMs ? { larkTimeoutMs: options.larkTimeoutMs } : {}),
    });
    cleanups.push({ what: 'runtime', run: () => runtime.close() });
    // One rollback drill before ready: the evidence the tiers' "drill fresher than" rule needs.
    let drill: DrillReceipt | null = null;
    if (options.drill !== false) {
      // Its own runtime (audit chain, Lark client, metrics), as `larkgate drill --once` would have.
      const drillRuntime = await createRuntime({
        configPath,
        role: 'drill',
        env: process.env,
        logger: logger.child({ role: 'drill' }),
        ...(options.larkTimeoutMs ? { larkTimeoutMs: options.larkTimeoutMs } : {}),
      });
      try {
        const reconcileDelayMs = options.worker?.reconcileDelayMs;
        drill = await runRollbackDrill(
          { trigger: 'demo start' },
          await createDrillDeps(drillRuntime, reconcileDelayMs === undefined ? {} : { reconcileDelayMs }),
        );
      } finally {
        await drillRuntime.close();
      }
      if (!drill.passed) logger.error({ problem: drill.problem }, 'the start-up rollback drill failed');
    }
    const workers: RunningWorker[] = [];
    const launchWorker = async (workerOptions?: WorkerOptions) => {
      const worker = await startWorker(runtime, workerOptions ?? options.worker ?? {});
      workers.push(worker);
      return worker;
    };
    if (options.runWorker !== false) await launchWorker();
    cleanups.push({
      what: 'workers',
      run: async () => {
        for (const worker of workers) await worker.close();
      },
    });
    const serve: RunningServe = await startServe(runtime, {
      port: botPort,
      host: '127.0.0.1',
      dashboardPort: options.dashboardPort || (await getFreePort()),
    });
    cleanups.push({ what: 'serve', run: () => serve.close() });
    const policyWatcher = watchPolicy({
      source: runtime.policy,
      role: 'demo',
      version: LARKGATE_VERSION,
      audit: runtime.audit,
      logger,
    });
    cleanups.push({ what: 'policy watcher', run: async () => policyWatcher.close() });

    const info: DemoInfo = {
      ready: true,
      transport,
      emulator: emulator.url,
      bot: serve.url,
      dashboard: serve.dashboard?.url ?? null,
      chats: { requests: DEMO_CHATS.requests, audit: DEMO_CHATS.audit, oncall: DEMO_CHATS.oncall },
      users: {
        requester: DEMO_USERS.requester,
        approvers: [...DEMO_USERS.approvers],
        oncall: DEMO_USERS.oncall,
      },
      bases: policyBases.map((base) => ({
        alias: base.alias,
        app_token: base.app_token,
        tier: base.tier,
        stage: base.stage,
        staging: base.staging === true,
        tables: base.tables.map((name) => ({
          name,
          table_id:
            seed.bases.find((b) => b.app_token === base.app_token)?.tables.find((t) => t.name === name)
              ?.table_id ?? '',
        })),
      })),
      mcp: {
        url: `${serve.url}/mcp`,
        agents: await Promise.all(
          DEMO_AGENTS.map(async (agent) => ({
            id: agent.id,
            token: (await readFile(join(dir, demoAgentTokenFile(agent.id)), 'utf8')).trim(),
            on_behalf_of: agent.on_behalf_of,
            tools: [...agent.tools],
          })),
        ),
      },
    };
    return {
      info,
      dir,
      configPath,
      redisUrl,
      seed,
      runtime,
      logger,
      privateKey: keys.privateKey,
      emulator,
      redisServer: redis,
      policyWatcher,
      startWorker: launchWorker,
      monitoring: serve.monitoring,
      serve,
      drill,
      async close() {
        await runCleanups(cleanups, { stepTimeoutMs: CLEANUP_STEP_TIMEOUT_MS, logger });
      },
    };
  } catch (error) {
    await runCleanups(cleanups, { stepTimeoutMs: CLEANUP_STEP_TIMEOUT_MS, logger });
    throw error;
  }
}
