import type { Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { FaultInput, type FaultStore } from './create-fault-store.js';
import type { RequestLog } from './create-request-log.js';
import { isLoopbackAddress } from './is-loopback-address.js';

/**
 * The platform's part of the control API (docs/product.md §8), mounted at `/__emulator` before the Base and IM
 * control routers, so its loopback check (403 otherwise) guards all of them.
 * - `POST /faults` → the fault with its id; `GET /faults` → `{items}` still active; `DELETE /faults` clears.
 * - `GET /requests` → `{items}` oldest first; `DELETE /requests` clears the log.
 */
export function createControlRouter(deps: { faults: FaultStore; requestLog: RequestLog }): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (isLoopbackAddress(req.socket.remoteAddress)) next();
    else res.status(403).json({ error: 'the control API answers loopback callers only' });
  });

  router.post('/faults', (req, res) => {
    const parsed = FaultInput.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.json(deps.faults.add(parsed.data));
  });
  router.get('/faults', (_req, res) => {
    res.json({ items: deps.faults.list() });
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.json({ cleared: true });
  });

  router.get('/requests', (_req, res) => {
    res.json({ items: deps.requestLog.list() });
  });
  router.delete('/requests', (_req, res) => {
    deps.requestLog.clear();
    res.json({ cleared: true });
  });
  return router;
}
