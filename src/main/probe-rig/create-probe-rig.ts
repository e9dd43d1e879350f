import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createTableResolver } from '../../../jobs/create-table-resolver.js';
import type { PolicySource } from '../../config/create-policy-source.js';
import type { ProbeRig } from '../../evidence/probe.js';
import { handleCardAction } from '../../http/handle-card-action.js';
import { createRequestStore } from '../../store/create-request-store.js';
import { createCardActionDeps } from '../create-card-action-deps.js';
import { createChatDeps } from '../create-chat-deps.js';
import { createLiveOpDeps } from '../create-live-op-deps.js';
import { createRuntime } from '../create-runtime.js';
import { createHandlerRunner } from './create-handler-runner.js';
import { createLarkCaller } from './create-lark-caller.js';
import { createProbeFiles } from './create-probe-files.js';
import { createProbeHandlers } from './create-probe-handlers.js';
import { createProbePreflight } from './create-probe-preflight.js';
import { createProbePush } from './create-probe-push.js';
import { startProbeHttp } from './start-probe-http.js';
import { startProbeWorld } from './start-probe-world.js';

export type RunningProbeRig = ProbeRig & { dir: string; close(): Promise<void> };

/**
 * The embedded world `larkgate probes` runs in, never a real Base: a private redis-server, the Lark
 * emulator seeded with the probe organisation, its larkgate.yaml (start-probe-world.ts), and the bot built
 * with the composition roots' own builders (createRuntime, createChatDeps, createLiveOpDeps,
 * createCardActionDeps, createServeHttpDeps) — its real HTTP app on a loopback port and its real
 * processors, called with the guard a probe passes in. Everything lives in a temp folder removed on close.
 */
export async function createProbeRig(options: { redisUrl?: string } = {}): Promise<RunningProbeRig> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-probes-'));
  const cleanups: Array<() => Promise<void>> = [async () => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const world = await startProbeWorld(dir, cleanups, options);
    const logger = pino({ level: 'silent' });
    // No pin from the environment: the probe organisation is not the operator's policy.
    const runtime = await createRuntime({ configPath: world.configPath, role: 'probes', env: {}, logger });
    cleanups.push(() => runtime.close());

    // The policy source the bot judges by; a probe may put another in force (usePolicySource).
    let active: PolicySource = runtime.policy;
    const policy = () => active.require();
    const requests = createRequestStore(runtime.redis, runtime.keys);
    const run = createHandlerRunner(runtime.audit);
    const cardBase = createCardActionDeps(runtime, {
      requests,
      enqueueLiveOp: async () => undefined,
      enqueueRollback: async () => undefined,
    });
    const handlers = createProbeHandlers({
      runtime,
      logger,
      requests,
      policy,
      run,
      chatBase: createChatDeps(runtime)(logger),
      liveOpBase: await createLiveOpDeps(runtime, { reconcileDelayMs: 0 }),
      cardBase,
    });
    const http = await startProbeHttp(
      runtime,
      {
        botOpenId: () => world.seed.app.bot_open_id,
        // Clicks posted to the route: the real guard, the policy in force, the runtime's audit log.
        handleCardAction: (action) => handleCardAction(action, { ...cardBase(logger), policy }),
        policyProblem: () => active.problem(),
      },
      cleanups,
    );

    return {
      dir,
      policy: runtime.policy.require(),
      clock: runtime.clock,
      reader: runtime.gateway,
      resolveTable: createTableResolver(runtime.gateway, runtime.clock),
      requests,
      ...handlers,
      ...http,
      push: createProbePush(runtime, world.seed),
      callLark: createLarkCaller(runtime, world.emulatorUrl),
      configText: world.configText,
      ...createProbeFiles(runtime, dir, world.configPath),
      preflight: createProbePreflight(runtime),
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
