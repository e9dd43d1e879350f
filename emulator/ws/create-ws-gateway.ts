import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BotAnswer } from '../events/post-to-bot.js';
import type { WsClientConfig } from './ws-client-config.js';
import {
  decodeWsFrame,
  encodeWsFrame,
  FRAME_CONTROL,
  FRAME_DATA,
  frameHeader,
  type WsFrame,
} from './ws-frame.js';

/** The path the endpoint's URL points at, as Lark's own `wss://…/ws/v2?…`. */
export const WS_PATH = '/ws/v2';
/** Lark's service id in the URL (any number works; the SDK echoes it in every ping). */
const SERVICE_ID = 33554678;
/** At most 50 connections per app (docs/reference/lark-api.md §1.6); the endpoint then answers 1000040350. */
export const MAX_WS_CONNECTIONS = 50;
/** A ticket from the endpoint opens one connection within this time. */
const TICKET_TTL_MS = 5 * 60_000;

export type WsConnectionInfo = { connection_id: string; connected_at: number; device_id: string };

export type WsGateway = {
  /** Issues a connection URL (one ticket, one connection); null when the app already has 50 connections. */
  issueUrl(selfUrl: string): string | null;
  /** Takes over `upgrade` requests on `/ws/v2` of the emulator's HTTP server. */
  attach(server: Server): void;
  /**
   * Sends one event (or card callback) to one random connected client, split into fragments of at most
   * `fragmentBytes`, and waits `timeoutMs` for its ack. The answer reads like an HTTP push's: `status` is the
   * ack's `code` (200, or 500 when the handler threw), `body` the handler's return value as JSON text.
   */
  deliver(envelope: unknown, timeoutMs: number): Promise<BotAnswer & { connectionId: string | null }>;
  /** Called each time a client connects (parked events are re-delivered then). */
  onConnect(listener: () => void): void;
  connections(): WsConnectionInfo[];
  /** Terminates every connection, as when Lark's gateway drops them; the SDK reconnects. */
  dropAll(): number;
  /**
   * Lark's long-connection gateway down (true) or back (false): while down, connections are dropped and the
   * endpoint answers 1000040343, which the SDK retries.
   */
  setOutage(down: boolean): void;
  isDown(): boolean;
  close(): Promise<void>;
};

type Connection = WsConnectionInfo & { socket: WebSocket };
type Waiting = { resolve: (ack: { code: number; data?: string } | null, error?: string) => void };

/**
 * Lark's long connection (docs/reference/lark-api.md §1.6), as the node-sdk's `WSClient` speaks it:
 * 1. `POST /callback/ws/endpoint` hands out `ws://…/ws/v2?fpid=…&device_id=…&service_id=…&ticket=…` and the
 *    client config; the ticket is single-use and short-lived;
 * 2. the client pings (control frame `type=ping`) and gets a `type=pong` whose payload is the client config;
 * 3. an event is one or more data frames `type=event` sharing a `message_id`, numbered by `seq` of `sum`;
 * 4. the client acks with the frame echoed, payload `{"code":200,"data":base64(JSON(handler return))}` or
 *    `{"code":500}`; no ack within the push timeout counts as a failed delivery.
 */
export function createWsGateway(deps: {
  clientConfig: WsClientConfig;
  fragmentBytes: number;
  clock: () => number;
}): WsGateway {
  const server = new WebSocketServer({ noServer: true });
  const tickets = new Map<string, { deviceId: string; expiresAt: number }>();
  const open = new Map<string, Connection>();
  const waiting = new Map<string, Waiting>();
  const listeners: Array<() => void> = [];
  let seq = 0;
  let counter = 0;
  let down = false;

  function send(socket: WebSocket, frame: WsFrame): void {
    socket.send(encodeWsFrame(frame));
  }

  function onFrame(connection: Connection, raw: Buffer): void {
    let frame: WsFrame;
    try {
      frame = decodeWsFrame(raw);
    } catch {
      return; // Lark ignores what it cannot read; the client's own frames are well formed.
    }
    const type = frameHeader(frame, 'type');
    if (frame.method === FRAME_CONTROL && type === 'ping') {
      send(connection.socket, {
        seqId: 0,
        logId: 0,
        service: frame.service,
        method: FRAME_CONTROL,
        headers: [{ key: 'type', value: 'pong' }],
        payload: Buffer.from(JSON.stringify(deps.clientConfig)),
      });
      return;
    }
    if (frame.method !== FRAME_DATA) return;
    const messageId = frameHeader(frame, 'message_id');
    const wait = messageId === undefined ? undefined : waiting.get(messageId);
    if (!wait || messageId === undefined) return;
    waiting.delete(messageId);
    try {
      const ack = JSON.parse(Buffer.from(frame.payload).toString('utf8')) as {
        code?: unknown;
        data?: unknown;
      };
      const code = typeof ack.code === 'number' ? ack.code : 0;
      wait.resolve(typeof ack.data === 'string' ? { code, data: ack.data } : { code });
    } catch {
      wait.resolve(null, 'the ack payload is not JSON');
    }
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== WS_PATH) return; // not ours: another upgrade handler (none today) may take it
    const ticket = tickets.get(url.searchParams.get('ticket') ?? '');
    tickets.delete(url.searchParams.get('ticket') ?? '');
    if (down || !ticket || ticket.expiresAt < deps.clock() || open.size >= MAX_WS_CONNECTIONS) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      counter += 1;
      const connection: Connection = {
        connection_id: `conn_${counter}`,
        connected_at: deps.clock(),
        device_id: ticket.deviceId,
        socket: ws,
      };
      open.set(connection.connection_id, connection);
      ws.on('message', (data: Buffer) => onFrame(connection, data));
      ws.on('error', () => undefined);
      ws.on('close', () => open.delete(connection.connection_id));
      for (const listener of listeners) listener();
    });
  }

  return {
    issueUrl(selfUrl) {
      if (open.size >= MAX_WS_CONNECTIONS) return null;
      const ticket = randomBytes(16).toString('hex');
      const deviceId = randomBytes(8).readBigUInt64BE().toString();
      tickets.set(ticket, { deviceId, expiresAt: deps.clock() + TICKET_TTL_MS });
      const base = selfUrl.replace(/^http/, 'ws');
      // `fpid` first: the SDK reads device_id and service_id with querystring over the whole URL, which
      // swallows the first key (docs/reference/lark-api.md §1.6).
      return `${base}${WS_PATH}?fpid=493&aid=552564&device_id=${deviceId}&access_key=${randomBytes(8).toString('hex')}&service_id=${SERVICE_ID}&ticket=${ticket}`;
    },
    attach(httpServer) {
      httpServer.on('upgrade', onUpgrade);
    },
    deliver(envelope, timeoutMs) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const clients = [...open.values()].filter((c) => c.socket.readyState === c.socket.OPEN);
      // With several connections, one random connection gets each event (docs/reference/lark-api.md §1.6).
      const client = clients[Math.floor(Math.random() * clients.length)];
      if (!client) {
        return Promise.resolve({
          status: 0,
          body: '',
          latencyMs: 0,
          failure: 'connect',
          error: 'no long-connection client is connected',
          connectionId: null,
        });
      }
      const messageId = randomBytes(16).toString('hex');
      const traceId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(JSON.stringify(envelope), 'utf8');
      const sum = Math.max(1, Math.ceil(bytes.length / deps.fragmentBytes));
      return new Promise((resolve) => {
        const finish = (answer: Omit<BotAnswer, 'latencyMs'>) => {
          clearTimeout(timer);
          client.socket.off('close', onClose);
          waiting.delete(messageId);
          resolve({ ...answer, latencyMs: elapsed(), connectionId: client.connection_id });
        };
        const onClose = () =>
          finish({ status: 0, body: '', failure: 'aborted', error: 'the connection closed before the ack' });
        const timer = setTimeout(
          () => finish({ status: 0, body: '', failure: 'timeout', error: `no ack within ${timeoutMs} ms` }),
          timeoutMs,
        );
        client.socket.once('close', onClose);
        waiting.set(messageId, {
          resolve: (ack, error) => {
            if (!ack) {
              finish({ status: 0, body: '', failure: 'aborted', error: error ?? 'bad ack' });
              return;
            }
            const body = ack.data === undefined ? '' : Buffer.from(ack.data, 'base64').toString('utf8');
            finish({ status: ack.code, body, failure: undefined, error: undefined });
          },
        });
        for (let index = 0; index < sum; index++) {
          seq += 1;
          send(client.socket, {
            seqId: seq,
            logId: 0,
            service: SERVICE_ID,
            method: FRAME_DATA,
            headers: [
              { key: 'type', value: 'event' },
              { key: 'message_id', value: messageId },
              { key: 'sum', value: String(sum) },
              { key: 'seq', value: String(index) },
              { key: 'trace_id', value: traceId },
            ],
            payload: bytes.subarray(index * deps.fragmentBytes, (index + 1) * deps.fragmentBytes),
          });
        }
      });
    },
    onConnect(listener) {
      listeners.push(listener);
    },
    connections: () =>
      [...open.values()].map(({ connection_id, connected_at, device_id }) => ({
        connection_id,
        connected_at,
        device_id,
      })),
    dropAll() {
      const sockets = [...open.values()];
      for (const { socket } of sockets) socket.terminate();
      return sockets.length;
    },
    setOutage(value) {
      down = value;
      if (down) for (const { socket } of open.values()) socket.terminate();
    },
    isDown: () => down,
    async close() {
      for (const { socket } of open.values()) socket.terminate();
      for (const wait of waiting.values()) wait.resolve(null, 'the emulator is closing');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
