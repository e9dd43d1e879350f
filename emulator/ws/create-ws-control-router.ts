import type { Router } from 'express';
import express from 'express';
import { isLoopbackAddress } from '../platform/is-loopback-address.js';
import type { WsGateway } from './create-ws-gateway.js';

/**
 * The long connection's part of the control API (under `/__emulator`, loopback only):
 * `GET /ws/connections` lists the open connections; `POST /ws/drop` terminates them all, as when Lark's gateway
 * drops a connection, so a test can watch the client reconnect.
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
  return router;
}
