import type { Server } from 'node:http';
import { admitChatMessage } from '../../jobs/admit-chat-message.js';
import type { RunningDashboard } from '../dashboard/start-dashboard.js';
import { parseDuration } from '../domain/parse-duration.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createWsReceiver, type WsReceiver } from '../http/create-ws-receiver.js';
import { handleCardAction } from '../http/handle-card-action.js';
import { observeLongConnection } from '../monitoring/observe-long-connection.js';
import { createDedupStore } from '../store/create-dedup-store.js';
import { createRequestStore } from '../store/create-request-store.js';
import { createRequesterGate } from '../store/create-requester-gate.js';
import { createCardActionDeps } from './create-card-action-deps.js';
import { createMcpEndpoint, createMcpWiring } from './create-mcp-endpoint.js';
import { createQueues } from './create-queues.js';
import type { Runtime } from './create-runtime.js';
import { createSdkLogger } from './create-sdk-logger.js';
import { createServeHttpDeps } from './create-serve-http-deps.js';
import { createServeRefusals } from './create-serve-refusals.js';
import { loadAgentTokens } from './load-agent-tokens.js';
import { type Monitoring, startMonitoring } from './start-monitoring.js';
import { startServeDashboard } from './start-serve-dashboard.js';

export type ServeOptions = {
  port?: number;
  host?: string;
  /** The dashboard's port instead of the one in `dashboard.listen` (the demo and tests: a free port). */
  dashboardPort?: number;
  /** Where the agents' secret://env tokens resolve (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
};
export type RunningServe = {
  url: string;
  port: number;
  /** Readiness checks, and the monitor loop when `monitoring.enabled`. */
  monitoring: Monitoring;
  /** `webhook`, or `ws` when events and clicks arrive over Lark's long connection (`lark.transport`). */
  transport: 'webhook' | 'ws';
  /** The read-only dashboard (`dashboard:`), null when off or it could not listen. */
  dashboard: RunningDashboard | null;
  close(): Promise<void>;
};

/**
 * `larkgate serve`: the HTTP receiver for events and card callbacks, plus health. It learns the bot's
 * own open_id at start (to tell which group messages mention it) and queues everything else.
 */
export async function startServe(runtime: Runtime, options: ServeOptions = {}): Promise<RunningServe> {
  const { loaded, logger } = runtime;
  // Every use of the policy goes through the policy source: none in force means refuse (fail closed).
  const policy = () => runtime.policy.require();
  const requests = createRequestStore(runtime.redis, runtime.keys, runtime.replicaAck);
  // Producers fail fast while Redis is down, so Lark gets a 503 and retries (reliability-notes §2.1).
  const producer = runtime.connectRedis({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  producer.on('error', () => undefined);
  // De-dup marks too: a click is answered at once (Lark waits 3 s and never resends), a push gets its 503.
  // Never resent after a reconnect, so a mark is never set twice by one call.
  const dedupConnection = runtime.connectRedis({
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
  });
  dedupConnection.on('error', () => undefined);
  const dedup = createDedupStore(dedupConnection, runtime.keys);
  const queues = createQueues(producer, runtime.keys.queuePrefix, policy);
  // Per-requester admission on the fail-fast producer connection: Redis down means 503, and Lark retries.
  const gate = createRequesterGate(producer, runtime.keys);
  const requesterLimits = () => {
    const limits = (runtime.policy.loaded() ?? loaded).config.intake.per_requester;
    return {
      burst: limits.burst,
      perMinute: limits.per_minute,
      noticeEveryMs: parseDuration(limits.notice_every) as number,
    };
  };
  const bot = await getBotInfoWithRetry(runtime);
  const transport = loaded.config.lark.transport;
  // With `lark.transport: ws` the long connection is how Lark reaches the bot: down for longer than the probe
  // interval, it pages like a Lark outage (`lark.ws`).
  let receiver: WsReceiver | null = null;
  const servingSince = runtime.clock();
  const wsStatus = () => receiver?.status() ?? { state: 'connecting' as const, downSinceMs: servingSince };
  const monitoring = await startMonitoring(runtime, {
    queues: [
      queues.intake,
      queues.maintenance,
      ...loaded.policy.bases.map((base) => queues.liveOp(base.alias)),
    ],
    checks:
      transport === 'ws'
        ? [async () => observeLongConnection(wsStatus(), runtime.clock(), runtime.monitoring.probes.every)]
        : [],
  });

  // MCP for agents (issue 13), only when the config has agents: their token hashes, and why not to serve.
  const mcp =
    loaded.config.agents.length > 0 ? createMcpWiring(runtime, logger.child({ component: 'mcp' })) : null;
  const agentTokens = mcp ? await loadAgentTokens(loaded, options.env ?? process.env) : null;

  const refusals = createServeRefusals(runtime);
  const cardActionDeps = createCardActionDeps(runtime, {
    requests,
    enqueueLiveOp: queues.enqueueLiveOp,
    enqueueRollback: queues.enqueueRollback,
    ...(monitoring.ackAlert ? { ackAlert: monitoring.ackAlert } : {}),
  });
  const wsReadiness =
    transport === 'ws'
      ? [
          {
            name: 'lark_ws',
            check: async () =>
              wsStatus().state === 'connected' ? null : `no long connection to Lark (${wsStatus().state})`,
          },
        ]
      : [];
  const httpDeps = createServeHttpDeps(runtime, {
    refusals,
    dedup,
    botOpenId: () => bot.openId,
    enqueueMessage: (message) =>
      admitChatMessage(message, {
        gate,
        limits: requesterLimits,
        enqueueMessage: queues.enqueueMessage,
        enqueueNotice: queues.enqueueNotice,
        audit: runtime.audit,
      }),
    handleCardAction: (action) =>
      handleCardAction(action, cardActionDeps(logger.child({ messageId: action.messageId }))),
    readiness: [...monitoring.readiness, ...wsReadiness, ...(mcp ? [mcp.readiness] : [])],
    metrics: runtime.metrics.registry,
    ...(mcp && agentTokens ? { mcp: createMcpEndpoint(mcp, agentTokens) } : {}),
  });
  const app = createHttpApp(httpDeps);
  if (transport === 'ws') {
    receiver = createWsReceiver({
      ...httpDeps,
      appId: loaded.config.app.app_id,
      // The secret the runtime's Lark client runs on: the previous one while Lark accepts only it (rotation).
      appSecret:
        runtime.appSecretDeadlineMs !== null && runtime.rotation?.appSecret
          ? runtime.rotation.appSecret
          : runtime.secrets.appSecret,
      domain: runtime.lark.origin,
      sdkLogger: createSdkLogger(logger),
      registry: runtime.metrics.registry,
    });
    await receiver.start();
  }
  const host = options.host ?? loaded.config.server.host;
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 passes a listen error (a busy port) to this callback: resolving anyway would report port 0.
      const listening = app.listen(options.port ?? loaded.config.server.port, host, (error) =>
        error ? reject(error) : resolve(listening),
      );
      listening.once('error', reject);
    });
  } catch (error) {
    // Nothing listens (a busy port): stop what was started, so the process can report it and exit.
    await monitoring.close();
    await refusals.close();
    await queues.close();
    producer.disconnect();
    dedupConnection.disconnect();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  logger.info({ port, bot: bot.appName, transport }, 'serving Lark events and card callbacks');
  const dashboard = await startServeDashboard(runtime, queues, {
    env: process.env,
    ...(options.dashboardPort === undefined ? {} : { port: options.dashboardPort }),
  });
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    monitoring,
    transport,
    dashboard,
    /** Stops the monitor (a leader releases the monitor lease), then the HTTP server; once. */
    close() {
      closed ??= (async () => {
        await monitoring.close();
        receiver?.close();
        await dashboard?.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // The refusals still counted are audited before the audit log closes.
        await refusals.close();
        await queues.close();
        producer.disconnect();
        dedupConnection.disconnect();
      })();
      return closed;
    },
  };
}

async function getBotInfoWithRetry(runtime: Runtime): Promise<{ openId: string; appName: string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await runtime.messenger.getBotInfo();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
  throw new Error(`cannot read the bot's own identity from Lark: ${(lastError as Error).message}`);
}
