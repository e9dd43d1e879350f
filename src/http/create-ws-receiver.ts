import * as lark from '@larksuiteoapi/node-sdk';
import { Counter, Gauge, type Registry } from 'prom-client';
import { toastOf } from '../app/approvals/card-answer.js';
import type { Secret } from '../config/secret.js';
import { message } from '../domain/i18n/message.js';
import { normalizeCardAction } from '../lark/normalize-card-action.js';
import { unflattenWsEvent } from '../lark/unflatten-ws-event.js';
import type { LongConnectionStatus } from '../monitoring/observe-long-connection.js';
import { acceptMessagePush } from './accept-message-push.js';
import { answerCardClick } from './answer-card-click.js';
import type { HttpDeps } from './http-deps.js';

export type WsReceiverDeps = Pick<
  HttpDeps,
  | 'audit'
  | 'dedup'
  | 'botOpenId'
  | 'enqueueMessage'
  | 'handleCardAction'
  | 'logger'
  | 'policyProblem'
  | 'clock'
> & {
  appId: string;
  appSecret: Secret;
  /** The SDK's domain: `lark.Domain.Feishu`, `lark.Domain.Lark`, or an origin (the emulator). */
  domain: lark.Domain | string;
  /** The SDK's own log lines (src/main/create-sdk-logger.ts). */
  sdkLogger: lark.Logger;
  /** This process's registry: the connection gauge and the reconnect counter go there. */
  registry?: Registry;
};

export type WsReceiver = {
  /**
   * Dials Lark; resolves once the first connection is up, the SDK gave up, or after 10 s (the SDK keeps
   * dialling; `status()` and the monitor say it is not connected).
   */
  start(): Promise<void>;
  status(): LongConnectionStatus;
  close(): void;
};

const START_WAIT_MS = 10_000;

/** Thrown so the SDK acks with code 500 and Lark re-delivers the event later, as a webhook's 503 would. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * `lark.transport: ws`: Lark's long connection (the SDK's `WSClient`, docs/reference/lark-api.md §1.6) instead of the
 * webhook routes, so the bot needs no public URL. It only receives: each `im.message.receive_v1` and
 * `card.action.trigger` goes to the same functions the webhook routes call (accept-message-push.ts,
 * answer-card-click.ts: audit naming the transport, de-dup, guard, the 3 s answer), and a click's answer
 * goes back in the ack frame. There is no signature to check: the connection itself was opened with the app
 * secret. A message that cannot be queued (or arrives with no policy in force) is acked 500, so Lark
 * re-delivers it. Connection changes are logged and counted on `/metrics`; `status()` feeds the monitor.
 */
export function createWsReceiver(deps: WsReceiverDeps): WsReceiver {
  const logger = deps.logger.child({ component: 'lark-ws' });
  const registers = deps.registry ? [deps.registry] : [];
  // A second receiver on the same registry (a serve restarted in one process) reuses the metrics.
  const connected =
    (deps.registry?.getSingleMetric('larkgate_lark_ws_connected') as Gauge | undefined) ??
    new Gauge({
      name: 'larkgate_lark_ws_connected',
      help: '1 while the long connection to Lark is up (lark.transport: ws), else 0',
      registers,
    });
  const reconnects =
    (deps.registry?.getSingleMetric('larkgate_lark_ws_reconnects_total') as Counter | undefined) ??
    new Counter({
      name: 'larkgate_lark_ws_reconnects_total',
      help: 'Times the long connection to Lark was lost and dialled again',
      registers,
    });
  let state: LongConnectionStatus['state'] = 'connecting';
  let downSinceMs: number | null = deps.clock();
  let settleStart: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    settleStart = resolve;
  });

  const up = (message: string) => {
    const downMs = downSinceMs === null ? 0 : deps.clock() - downSinceMs;
    state = 'connected';
    downSinceMs = null;
    connected.set(1);
    logger.info({ downMs }, message);
    settleStart();
  };

  const client = new lark.WSClient({
    appId: deps.appId,
    appSecret: deps.appSecret.reveal(),
    domain: deps.domain,
    logger: deps.sdkLogger,
    // LoggerLevel.fatal is 0, which the SDK treats as unset (docs/reference/lark-api.md §1.1).
    loggerLevel: lark.LoggerLevel.error,
    autoReconnect: true,
    onReady: () => up('long connection ready'),
    onReconnecting: () => {
      state = 'down';
      downSinceMs ??= deps.clock();
      connected.set(0);
      reconnects.inc();
      logger.warn('long connection lost: reconnecting');
    },
    onReconnected: () => up('long connection back'),
    onError: (error: Error) => {
      state = 'failed';
      downSinceMs ??= deps.clock();
      connected.set(0);
      logger.error({ err: error.message.slice(0, 200) }, 'long connection gave up');
      settleStart();
    },
  });

  const dispatcher = new lark.EventDispatcher({
    logger: deps.sdkLogger,
    loggerLevel: lark.LoggerLevel.error,
  });
  dispatcher.register({
    'im.message.receive_v1': async (data: unknown) => {
      const push = unflattenWsEvent(data);
      if (!push) return undefined;
      if (deps.policyProblem() !== null) throw new RetryLater('no policy in force');
      const outcome = await acceptMessagePush(push, { transport: 'ws', key: 'current' }, deps);
      if (outcome === 'unavailable') throw new RetryLater('could not queue the message');
      return undefined;
    },
    'card.action.trigger': async (data: unknown) => {
      const push = unflattenWsEvent(data);
      const action = push ? normalizeCardAction(push.event) : null;
      if (!push || !action) return { toast: toastOf('error', message('reply.toast.unreadable_click')) };
      // Fail closed like the webhook's 503: Lark shows the click as failed.
      if (deps.policyProblem() !== null) throw new RetryLater('no policy in force');
      return answerCardClick(push, action, { transport: 'ws', key: 'current' }, deps);
    },
  } as never);

  return {
    async start() {
      connected.set(0);
      await client.start({ eventDispatcher: dispatcher });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([started, new Promise((resolve) => (timer = setTimeout(resolve, START_WAIT_MS)))]);
      clearTimeout(timer);
      if (state === 'connecting') logger.warn('long connection not up yet: still dialling');
    },
    status: () => ({ state, downSinceMs }),
    close() {
      client.close({ force: true });
      connected.set(0);
    },
  };
}
