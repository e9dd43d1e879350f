import { setMaxListeners } from 'node:events';
import type { WsGateway } from '../ws/create-ws-gateway.js';
import { type BotAnswer, postToBot } from './post-to-bot.js';
import { sealPush } from './seal-push.js';

/** A schema 2.0 push: `{schema, header, event}` (docs/reference/lark-api.md §4). */
export type EventEnvelope = {
  schema: '2.0';
  header: { event_id: string; event_type: string } & Record<string, unknown>;
  event: Record<string, unknown>;
};

/** One attempt to deliver a push, as `GET /__emulator/deliveries` lists it. */
export type Delivery = {
  event_id: string;
  event_type: string;
  attempt: number;
  url: string | null;
  /** The bot's HTTP status, or 0 when it gave none (timeout, refused connection, no URL). */
  status: number;
  latency_ms: number;
  error: string | null;
  /** When the attempt started, on the emulator's clock (ms). */
  sent_at: number;
};

export type EventPusher = {
  /** Delivers an event in the background and re-pushes it, same event_id, until the bot answers 200. */
  push(envelope: EventEnvelope, url: string | undefined): void;
  /** One delivery with no re-push (card callbacks are not re-pushed, docs/reference/lark-api.md §5.3). */
  deliverOnce(envelope: EventEnvelope, url: string | undefined): Promise<BotAnswer>;
  deliveries(): Delivery[];
  /** Cancels scheduled re-pushes and in-flight requests. */
  close(): Promise<void>;
};

const MAX_LOG_ENTRIES = 10_000;

/**
 * Lark's delivery of events over HTTP (docs/reference/lark-api.md §4): an attempt fails unless the bot answers HTTP 200
 * within `timeoutMs`; failed events are re-pushed after each delay of `retryScheduleMs` in turn (documented
 * 15 s, 5 min, 1 h, 6 h: at most 4 re-pushes). Every attempt is sealed afresh (new timestamp, nonce, iv and
 * signature) while the event itself, event_id included, stays the same.
 */
export function createEventPusher(deps: {
  encryptKey: string;
  clock: () => number;
  timeoutMs: number;
  retryScheduleMs: readonly number[];
  /**
   * Long-connection mode (seed `bot.transport: ws`): every push goes to a connected client instead of a URL,
   * unsealed (docs/reference/lark-api.md §1.6); with no client connected an event waits and is delivered when one connects.
   */
  ws?: WsGateway;
}): EventPusher {
  const log: Delivery[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<BotAnswer>>();
  const closing = new AbortController();
  // Every push in flight listens for close(); hundreds at once are normal, not a leak.
  setMaxListeners(0, closing.signal);

  function record(envelope: EventEnvelope, attempt: number, url: string | null, entry: Partial<Delivery>) {
    log.push({
      event_id: envelope.header.event_id,
      event_type: envelope.header.event_type,
      attempt,
      url,
      status: 0,
      latency_ms: 0,
      error: null,
      sent_at: deps.clock(),
      ...entry,
    });
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
  }

  /** Events waiting for a long-connection client, with the attempt number they will be sent as. */
  const parked: Array<{ envelope: EventEnvelope; n: number }> = [];
  deps.ws?.onConnect(() => {
    // A moment after the handshake, so the SDK has attached its frame handler.
    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const { envelope, n } of parked.splice(0)) pushAttempt(envelope, '', n);
    }, 100);
    timers.add(timer);
  });

  async function attemptOverWs(ws: WsGateway, envelope: EventEnvelope, n: number): Promise<BotAnswer> {
    const sentAt = deps.clock();
    const answer = await ws.deliver(envelope, deps.timeoutMs);
    record(envelope, n, answer.connectionId === null ? null : `ws:${answer.connectionId}`, {
      status: answer.status,
      latency_ms: answer.latencyMs,
      error: answer.error ?? (answer.status === 200 ? null : `ack code ${answer.status}`),
      sent_at: sentAt,
    });
    return answer;
  }

  async function attempt(envelope: EventEnvelope, url: string, n: number): Promise<BotAnswer> {
    if (deps.ws) return attemptOverWs(deps.ws, envelope, n);
    const sentAt = deps.clock();
    const pending = postToBot(
      url,
      sealPush(envelope, deps.encryptKey, sentAt),
      deps.timeoutMs,
      closing.signal,
    );
    inFlight.add(pending);
    const answer = await pending;
    inFlight.delete(pending);
    record(envelope, n, url, {
      status: answer.status,
      latency_ms: answer.latencyMs,
      error: answer.error ?? (answer.status === 200 ? null : `HTTP ${answer.status}`),
      sent_at: sentAt,
    });
    return answer;
  }

  function pushAttempt(envelope: EventEnvelope, url: string, n: number): void {
    if (closing.signal.aborted) return;
    void attempt(envelope, url, n).then((answer) => {
      if (deps.ws && answer.failure === 'connect' && !closing.signal.aborted) {
        parked.push({ envelope, n: n + 1 });
        return;
      }
      const delay = deps.retryScheduleMs[n - 1];
      if (answer.status === 200 || delay === undefined || closing.signal.aborted) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        pushAttempt(envelope, url, n + 1);
      }, delay);
      timers.add(timer);
    });
  }

  return {
    push(envelope, url) {
      if (deps.ws) {
        pushAttempt(envelope, '', 1);
        return;
      }
      if (url === undefined) {
        record(envelope, 1, null, { error: 'no event_url configured (seed bot.event_url or --event-url)' });
        return;
      }
      pushAttempt(envelope, url, 1);
    },
    deliverOnce: (envelope, url) => attempt(envelope, url ?? '', 1),
    deliveries: () => [...log],
    async close() {
      closing.abort();
      parked.splice(0);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
