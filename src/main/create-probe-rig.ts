import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import pino from 'pino';
import { parseDocument } from 'yaml';
import { startEmulator } from '../../emulator/create-emulator.js';
import { loadSeedFile, parseSeed } from '../../emulator/seed.js';
import type { ChatDeps } from '../../jobs/chat-context.js';
import { createTableResolver } from '../../jobs/create-table-resolver.js';
import { type CardActionDeps, handleCardAction } from '../../jobs/handle-card-action.js';
import { handleChatMessage } from '../../jobs/handle-chat-message.js';
import { runDrill } from '../../jobs/handle-drill.js';
import type { IncomingMessage } from '../../jobs/queue-names.js';
import type { LiveOpDeps } from '../app/live-op/live-op-deps.js';
import { runLiveOp } from '../app/live-op/run-live-op.js';
import { createBackupStore } from '../backup/create-backup-store.js';
import { generateBackupKeyPair } from '../backup/generate-backup-key-pair.js';
import type { PolicySource } from '../config/create-policy-source.js';
import { loadConfig, resolveFrom } from '../config/load-config.js';
import { decide } from '../domain/guard.js';
import type { Audited, HandlerOptions, HandlerRun, ProbeRig, Sent } from '../evidence/probe.js';
import { PROBE_BASES, probeBaseConfig } from '../evidence/probe-organisation.js';
import { RECENT_DRILL_MS } from '../evidence/probe-steps.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createPushRefusals } from '../http/create-push-refusals.js';
import { EgressDeniedError } from '../lark/egress-denied-error.js';
import { type RedisServer, spawnRedisServer } from '../platform/spawn-redis-server.js';
import type { AuditInput } from '../ports/audit.js';
import type { BaseWriter } from '../ports/base-writer.js';
import type { ChatSender } from '../ports/chat-sender.js';
import type { SchemaGateway } from '../ports/schema-gateway.js';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';
import { createDedupStore } from '../store/create-dedup-store.js';
import { createRequestStore } from '../store/create-request-store.js';
import { runAuditVerifyCommand } from './audit-verify-command.js';
import { createChatDeps } from './create-chat-deps.js';
import { createLiveOpDeps, loadRecipients } from './create-live-op-deps.js';
import { createRuntime } from './create-runtime.js';
import { recordOutageDrill } from './drill-outage-command.js';
import { holdWithoutPolicy } from './hold-without-policy.js';
import { selectAppSecret } from './select-app-secret.js';
import { REPO_DIR } from './start-demo.js';
import { startMonitoring } from './start-monitoring.js';
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
            tables: [
              structuredClone(tasks),
              // A table named like the Tasks table's id: that text then names two tables (ambiguous).
              ...('decoy' in base ? [{ ...base.decoy, fields: structuredClone(tasks.fields) }] : []),
            ],
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
    const policy = () => active.require();
    const replies = new Map<string, string>();
    const chatBase = createChatDeps(runtime)(logger);
    const liveOpBase = await createLiveOpDeps(runtime, { reconcileDelayMs: 0 });

    /** One call's audit log (the real one, which can be told to refuse a type) and chat recorder. */
    const recorder = (options: HandlerOptions) => {
      const audited: Audited[] = [];
      const sent: Sent[] = [];
      const audit = async (input: AuditInput) => {
        if (input.type === options.auditFailsAt)
          throw new AuditUnavailableError('no audit sink could record the event (injected by the probe)');
        audited.push({ type: input.type, requestId: input.requestId, details: input.details });
        return runtime.audit(input);
      };
      return { audited, sent, audit, chat: createRecordingChat(sent, replies) };
    };
    const run = async <T>(
      options: HandlerOptions,
      body: (wiring: ReturnType<typeof recorder>) => Promise<T>,
    ): Promise<HandlerRun & { result: T | null }> => {
      const wiring = recorder(options);
      try {
        const result = await body(wiring);
        return { audited: wiring.audited, sent: wiring.sent, error: null, result };
      } catch (error) {
        return { audited: wiring.audited, sent: wiring.sent, error: error as Error, result: null };
      }
    };
    const chatDeps = (
      wiring: ReturnType<typeof recorder>,
      options: HandlerOptions & { drillAt?: number | null },
    ): ChatDeps => ({
      ...chatBase,
      policy,
      decide: options.decide,
      audit: wiring.audit,
      chat: wiring.chat,
      guardEvidence: async () => ({
        lastPassingDrillAt: options.drillAt === undefined ? clock() - RECENT_DRILL_MS : options.drillAt,
      }),
    });
    const liveOpDeps = (
      wiring: ReturnType<typeof recorder>,
      options: HandlerOptions,
      writes: string[],
    ): LiveOpDeps => ({
      ...liveOpBase,
      policy,
      decide: options.decide,
      audit: wiring.audit,
      chat: wiring.chat,
      writer: recordWrites(liveOpBase.writer, writes),
      schema: recordWrites(runtime.gateway as SchemaGateway, writes),
    });
    let queued: string[] = [];
    const cardDeps = (wiring: ReturnType<typeof recorder>, options: HandlerOptions): CardActionDeps => ({
      policy,
      decide: options.decide,
      audit: wiring.audit,
      clock,
      logger,
      requests,
      enqueueLiveOp: async (request: { id: string }) => {
        queued.push(request.id);
      },
      enqueueRollback: async () => {
        queued.push('rollback');
      },
    });

    // The bot's real HTTP app. Messages it accepts are handed to the intake queue: recorded here, and
    // reported by the probe that sent them (a forged push that reaches the intake is a fail-open).
    let intake: IncomingMessage[] = [];
    let httpAudited: Audited[] = [];
    const httpAudit = async (input: AuditInput) => {
      httpAudited.push({ type: input.type, requestId: input.requestId, details: input.details });
      return runtime.audit(input);
    };
    // No window timer: a probe closes the windows itself (closeRefusalWindows), as a shutdown would.
    const pushes = runtime.loaded.config.server.pushes;
    const refusals = createPushRefusals({
      perSecond: pushes.per_second,
      burst: pushes.burst,
      windowMs: pushes.denial_window_seconds * 1000,
      clock,
      audit: httpAudit,
      logger,
      flushEveryMs: null,
    });
    let sources = 0;
    const app = createHttpApp({
      refusals,
      // Each post names its source in X-Forwarded-For (from loopback, trusted here only), so one probe's
      // refusals are not tallied with another's.
      trustProxy: 'loopback',
      encryptKey: runtime.secrets.encryptKey,
      verificationToken: runtime.secrets.verificationToken,
      windowSeconds: runtime.loaded.config.server.signature_window_seconds,
      clock,
      logger,
      audit: httpAudit,
      dedup: createDedupStore(runtime.redis, runtime.keys),
      botOpenId: () => seed.app.bot_open_id,
      enqueueMessage: async (message) => {
        intake.push(message);
      },
      handleCardAction: (action) => handleCardAction(action, cardDeps(recorder({ decide }), { decide })),
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
    return {
      dir,
      policy: runtime.policy.require(),
      clock,
      reader: runtime.gateway,
      resolveTable: createTableResolver(runtime.gateway, clock),
      requests,
      async chat(message, options) {
        const { result: _, ...outcome } = await run(options, (wiring) =>
          handleChatMessage(message, chatDeps(wiring, options)),
        );
        return outcome;
      },
      async cardAction(action, options) {
        queued = [];
        const { result, ...outcome } = await run(options, (wiring) =>
          handleCardAction(action, cardDeps(wiring, options)),
        );
        return { ...outcome, answer: result, queued };
      },
      async liveOp(requestId, options) {
        const writes: string[] = [];
        let backupAttempts = 0;
        const outcome = await run(options, (wiring) => {
          const deps = liveOpDeps(wiring, options, writes);
          return runLiveOp(requestId, {
            ...deps,
            saveBackup: async (plaintext) => {
              backupAttempts += 1;
              if (options.backupFails)
                throw new Error('the backup store refused the backup (injected by the probe)');
              return deps.saveBackup(plaintext);
            },
          });
        });
        const stored = await requests.get(requestId);
        const { result: _, ...rest } = outcome;
        return { ...rest, state: stored?.request.state ?? null, writes, backupAttempts };
      },
      async drill(base, options) {
        const writes: string[] = [];
        const { result, ...outcome } = await run(options, (wiring) => {
          const deps = {
            chat: {
              ...chatDeps(wiring, options),
              schema: recordWrites(runtime.gateway as SchemaGateway, writes),
            },
            liveOp: liveOpDeps(wiring, options, writes),
            // Nobody to mention on the alert a failed probe drill would post (no person is on call here).
            notify: [] as readonly string[],
          };
          return runDrill({ base, trigger: 'probe' }, deps);
        });
        return { ...outcome, passed: result?.passed ?? false, writes };
      },
      async intakeJob(message, source) {
        let ran = false;
        let delayedUntil: number | null = null;
        const { result: _, ...outcome } = await run({ decide }, async (wiring) => {
          const processor = holdWithoutPolicy(
            source,
            'hold',
            async (job: Job<{ message: IncomingMessage }>) => {
              ran = true;
              await handleChatMessage(job.data.message, {
                ...chatDeps(wiring, { decide }),
                policy: () => source.require(),
              });
            },
          );
          const job = {
            id: `probe-${message.messageId}`,
            data: { message },
            moveToDelayed: async (timestamp: number) => {
              delayedUntil = timestamp;
            },
          } as unknown as Job<{ message: IncomingMessage }>;
          await processor(job, 'probe-token');
        });
        return { ...outcome, ran, delayedUntil };
      },
      async post(route, body, headers, source) {
        intake = [];
        httpAudited = [];
        sources += 1;
        const from = source ?? `198.18.${Math.floor(sources / 250) % 256}.${(sources % 250) + 1}`;
        const response = await fetch(`${botUrl}/lark/${route}`, {
          method: 'POST',
          headers: { ...headers, 'x-forwarded-for': from },
          body,
        });
        const text = await response.text();
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text };
        }
        return { status: response.status, body: parsed, audited: httpAudited, queued: intake };
      },
      async closeRefusalWindows() {
        httpAudited = [];
        await refusals.flushAll();
        return httpAudited;
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
      async writeFile(name, text) {
        const path = join(dir, name);
        await writeFile(path, text);
        return path;
      },
      async verifyTamperedAudit(tamper) {
        await runtime.auditLog.checkpoint();
        const lines = (await readFile(runtime.auditFile, 'utf8')).split('\n').filter((line) => line !== '');
        configs += 1;
        const copy = join(dir, `audit-copy-${configs}.jsonl`);
        await writeFile(copy, `${tamper(lines).join('\n')}\n`);
        const result = await runAuditVerifyCommand(['--config', configPath, '--file', copy, '--json'], {});
        let report: Record<string, unknown> | null = null;
        try {
          report = JSON.parse(result.out) as Record<string, unknown>;
        } catch {
          // Exit 2 prints no report: the probe sees a refusal without reasons.
        }
        return { code: result.code, report };
      },
      async tamperBackup(backupId) {
        const { loaded } = runtime;
        const path = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) }).pathOf(
          backupId,
        );
        const bytes = await readFile(path);
        // A byte in the middle of the armour: still ASCII, so only the content hash can tell.
        const at = Math.floor(bytes.length / 2);
        bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
        await writeFile(path, bytes);
      },
      preflight: {
        async backupRecipients(loaded) {
          await loadRecipients({ loaded });
        },
        async monitoring(loaded) {
          const monitoring = await startMonitoring(
            { ...runtime, loaded, monitoring: { ...runtime.monitoring, enabled: true } },
            { queues: [] },
          );
          await monitoring.close();
        },
        async outageDrill(loaded) {
          await recordOutageDrill({ ...runtime, loaded });
        },
        async appSecret(loaded, accepts) {
          await selectAppSecret({
            current: runtime.secrets.appSecret,
            previous: null,
            validUntilMs: 0,
            now: clock(),
            accepts,
            file: loaded.path,
          });
        },
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

/**
 * The rig's chat: records what a handler sends instead of posting it (probes judge what the handlers do,
 * not Lark's IM). A send with a uuid Lark has seen returns the same message id, as Lark's de-dup does.
 */
function createRecordingChat(sent: Sent[], ids: Map<string, string>): ChatSender {
  const send = (kind: Sent['kind'], to: string, text: string | null, uuid?: string) => {
    sent.push({ kind, to, uuid: uuid ?? null, text });
    const key = uuid ?? `${kind}-${ids.size}-${Math.random()}`;
    let id = ids.get(key);
    if (!id) {
      id = `om_probe_sent_${ids.size + 1}`;
      ids.set(key, id);
    }
    return { messageId: id };
  };
  return {
    sendText: async (chatId, text, options) => send('text', chatId, text.text, options?.uuid),
    replyText: async (messageId, text, options) => send('text', messageId, text.text, options?.uuid),
    replyCard: async (messageId, card, options) =>
      send('card', messageId, JSON.stringify(card), options?.uuid),
    patchCard: async (messageId, card) => {
      sent.push({ kind: 'patch', to: messageId, uuid: null, text: JSON.stringify(card) });
      return undefined;
    },
  };
}

const WRITE_METHODS = [
  'createRecord',
  'updateRecord',
  'deleteRecord',
  'batchCreateRecords',
  'batchUpdateRecords',
  'batchDeleteRecords',
  'createTable',
  'deleteTable',
  'createField',
  'updateField',
  'deleteField',
] as const;

/** The same gateway, noting every write method called (a write after a refusal is a fail-open). */
function recordWrites<T extends Partial<BaseWriter & SchemaGateway>>(gateway: T, writes: string[]): T {
  const wrapped: Record<string, unknown> = {};
  for (const name of Object.keys(gateway) as Array<keyof T & string>) {
    const method = gateway[name];
    wrapped[name] =
      typeof method === 'function' && (WRITE_METHODS as readonly string[]).includes(name)
        ? (...args: unknown[]) => {
            writes.push(name);
            return (method as (...a: unknown[]) => unknown).apply(gateway, args);
          }
        : typeof method === 'function'
          ? (method as (...a: unknown[]) => unknown).bind(gateway)
          : method;
  }
  return wrapped as T;
}
