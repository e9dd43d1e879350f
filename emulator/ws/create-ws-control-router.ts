import type { Router } from 'express';
import express from 'express';
import { isLoopbackAddress } from '../platform/is-loopback-address.js';
import type { WsGateway } from './create-ws-gateway.js';

/**
 * The long connection's part of the control API (under `/__emulator`, loopback only):
 * `GET /ws/connections` lists the open connections; `POST /ws/drop` terminates them all, as when Lark's gateway
 * drops a connection, so a test can watch the client reconnect; `POST /ws/outage {down}` keeps them out (the
 * endpoint answers 1000040343, which the SDK retries) until `{down: false}`.
 */
export function createWsControlRouter(gateway: WsGateway): Router {
  const router = express.Router();
  router.use('/ws', (req, res, next) => {
    if (isLoopbackAddress(req.socket.remoteAddress)) next();
    else res.status(403).json({ error: 'the control API answers loopback callers only' });
  });
  router.get('/ws/connections', (_req, res) => {
    res.json({ items: gateway.connections() });
  });
  router.post('/ws/drop', (_req, res) => {
    res.json({ dropped: gateway.dropAll() });
  });
  router.post('/ws/outage', (req, res) => {
    const { down } = (req.body ?? {}) as { down?: unknown };
    if (typeof down !== 'boolean') {
      res.status(400).json({ error: 'down must be true or false' });
      return;
    }
    gateway.setOutage(down);
    res.json({ down });
  });
  return router;
}
