import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseDocument } from 'yaml';
import { startEmulator } from '../../emulator/create-emulator.js';
import { loadSeedFile, parseSeed } from '../../emulator/seed.js';
import { createTableResolver } from '../../jobs/create-table-resolver.js';
import { handleCardAction } from '../../jobs/handle-card-action.js';
import type { AuditInput } from '../../jobs/ports.js';
import { generateBackupKeyPair } from '../backup/generate-backup-key-pair.js';
import type { PolicySource } from '../config/create-policy-source.js';
import { loadConfig } from '../config/load-config.js';
import { decide } from '../domain/guard.js';
import type { ProbeRig } from '../evidence/probe.js';
import { PROBE_BASES, probeBaseConfig } from '../evidence/probe-organisation.js';
import { createHttpApp } from '../http/create-http-app.js';
import { EgressDeniedError } from '../lark/egress-denied-error.js';
import { type RedisServer, spawnRedisServer } from '../platform/spawn-redis-server.js';
import { createDedupStore } from '../store/create-dedup-store.js';
import { createRequestStore } from '../store/create-request-store.js';
import { createRuntime } from './create-runtime.js';
import { REPO_DIR } from './start-demo.js';
import { writeDemoConfig } from './write-demo-config.js';

export type RunningProbeRig = ProbeRig & { dir: string; close(): Promise<void> };

/**
 * The embedded world `larkgate probes` runs in, never a real Base: a private redis-server, the Lark
 * emulator seeded with the probe organisation, its larkgate.yaml (secrets in 0600 files), the real runtime
 * (Lark client behind the endpoint allowlist, request store, audit log) and the bot's real HTTP app on a
 * loopback port. Everything lives in a temp folder removed on close.
 */
export async function createProbeRig(options: { redisUrl?: string } = {}): Promise<RunningProbeRig> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-probes-'));
  const cleanups: Array<() => Promise<void>> = [async () => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    let redisServer: RedisServer | undefined;
    if (!options.redisUrl) {
      redisServer = await spawnRedisServer({});
      cleanups.push(() => (redisServer as RedisServer).stop());
    }
    const redisUrl = options.redisUrl ?? (redisServer as RedisServer).url;
    const demoSeed = await loadSeedFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'));
    const crm = demoSeed.bases.find((base) => base.name === 'CRM');
    const tasks = crm?.tables.find((table) => table.name === 'Tasks');
    if (!tasks) throw new Error('the demo seed has no CRM Tasks table to copy');
    const seed = parseSeed(
      {
        ...demoSeed,
        bases: [
          ...demoSeed.bases,
          ...PROBE_BASES.map((base) => ({
            app_token: base.token,
            name: base.name,
            tables: [structuredClone(tasks)],
          })),
        ],
      },
      'the probe organisation',
    );
    const emulator = await startEmulator(seed, { port: 0, host: '127.0.0.1' });
    cleanups.push(() => emulator.close());

    const keys = await generateBackupKeyPair({ name: 'Larkgate probes', email: 'probes@larkgate.invalid' });
    await writeFile(join(dir, 'ops-backup.key.asc'), keys.privateKey, { mode: 0o600 });
    const configPath = await writeDemoConfig({
      dir,
      seed,
      emulatorUrl: emulator.url,
      botPort: 0,
      redisUrl,
      publicKey: keys.publicKey,
      repoConfigDir: join(REPO_DIR, 'config'),
      approvalTtl: '30m',
    });
    const document = parseDocument(await readFile(configPath, 'utf8'));
    for (const base of PROBE_BASES) document.addIn(['bases'], document.createNode(probeBaseConfig(base)));
    const configText = document.toString();
    await writeFile(configPath, configText);

    const logger = pino({ level: 'silent' });
    // No pin from the environment: the probe organisation is not the operator's policy.
    const runtime = await createRuntime({ configPath, role: 'probes', env: {}, logger });
    cleanups.push(() => runtime.close());
    const clock = runtime.clock;
    const requests = createRequestStore(runtime.redis, runtime.keys);
    let active: PolicySource = runtime.policy;
    let audited: AuditInput[] = [];
    /** What the HTTP app audits about pushes, for `post` to report. */
    const pushAudited: AuditInput[] = [];
    const audit = async (input: AuditInput) => {
      audited.push(input);
      if (input.type.startsWith('auth.')) pushAudited.push(input);
      return runtime.audit(input);
    };
    let queued: string[] = [];
    const cardDeps = {
      policy: () => active.require(),
      decide,
      audit,
      clock,
      logger,
      requests,
      enqueueLiveOp: async (request: { id: string }) => {
        queued.push(request.id);
      },
      enqueueRollback: async () => {
        queued.push('rollback');
      },
    };
    const app = createHttpApp({
      encryptKey: runtime.secrets.encryptKey,
      verificationToken: runtime.secrets.verificationToken,
      windowSeconds: runtime.loaded.config.server.signature_window_seconds,
      clock,
      logger,
      audit,
      dedup: createDedupStore(runtime.redis, runtime.keys),
      botOpenId: () => seed.app.bot_open_id,
      enqueueMessage: async () => undefined,
      handleCardAction: (action) => handleCardAction(action, cardDeps),
      policyProblem: () => active.problem(),
      readiness: [],
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      listening.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const address = server.address();
    const botUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    let configs = 0;
    const policy = runtime.policy.require();
    return {
      dir,
      policy,
      clock,
      reader: runtime.gateway,
      resolveTable: createTableResolver(runtime.gateway, clock),
      requests,
      async cardAction(action) {
        audited = [];
        queued = [];
        const answer = await handleCardAction(action, cardDeps);
        return {
          answer,
          queued,
          audited: audited.map((event) => ({ type: event.type, details: event.details })),
        };
      },
      async post(route, body, headers) {
        const from = pushAudited.length;
        const response = await fetch(`${botUrl}/lark/${route}`, { method: 'POST', headers, body });
        const text = await response.text();
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text };
        }
        return {
          status: response.status,
          body: parsed,
          audited: pushAudited.slice(from).map((event) => ({ type: event.type, details: event.details })),
        };
      },
      push: {
        encryptKey: runtime.secrets.encryptKey,
        verificationToken: runtime.secrets.verificationToken,
        appId: seed.app.app_id,
        botOpenId: seed.app.bot_open_id,
      },
      async callLark(method, path) {
        const seen = async () =>
          (
            (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
              items: { path: string }[];
            }
          ).items.filter((item) => item.path === path).length;
        const before = await seen();
        try {
          await runtime.lark.httpInstance.request({ method, url: `${runtime.lark.origin}${path}`, data: {} });
          return { denied: false, reached: (await seen()) > before, message: 'the call was sent' };
        } catch (error) {
          return {
            denied: error instanceof EgressDeniedError,
            reached: (await seen()) > before,
            message: (error as Error).message,
          };
        }
      },
      configText,
      async loadConfigText(text) {
        configs += 1;
        const path = join(dir, `probe-config-${configs}.yaml`);
        await writeFile(path, text);
        return loadConfig(path);
      },
      loaded: runtime.policy.loaded() ?? runtime.loaded,
      usePolicySource(source) {
        active = source;
        return () => {
          active = runtime.policy;
        };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
