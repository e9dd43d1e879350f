import express, { type NextFunction, type Request, type Response } from 'express';
import { createCardRoute } from './create-card-route.js';
import { createEventsRoute } from './create-events-route.js';
import { createMetricsRoute } from './create-metrics-route.js';
import { createReadyzRoute } from './create-readyz-route.js';
import type { HttpDeps } from './http-deps.js';

/** Lark's pushes are small; anything bigger is not Lark. */
const BODY_LIMIT = '256kb';

/**
 * The bot's HTTP surface. Routes only verify and hand over; decisions live in the domain and the
 * handlers. Bodies are kept raw: the signature covers the exact bytes received.
 */
export function createHttpApp(deps: HttpDeps) {
  const app = express();
  app.disable('x-powered-by');
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  app.post('/lark/events', refuseWithoutPolicy(deps), raw, wrap(createEventsRoute(deps), deps));
  app.post('/lark/card', refuseWithoutPolicy(deps), raw, wrap(createCardRoute(deps), deps));
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  app.get('/readyz', createReadyzRoute(deps));
  if (deps.metrics) app.get('/metrics', createMetricsRoute(deps.metrics));
  app.use(
    (
      error: Error & { type?: string; status?: number },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      const status = error.type === 'entity.too.large' ? 413 : (error.status ?? 500);
      deps.logger.warn({ status, kind: error.type ?? error.name }, 'request refused');
      res.status(status).json({ error: status === 413 ? 'body too large' : 'bad request' });
    },
  );
  return app;
}

/**
 * Fail closed: with no policy in force nothing is accepted, not even verified. 503 makes Lark retry, so
 * pushes are not lost while an operator fixes the policy; `/readyz` says why (the body here does not).
 */
function refuseWithoutPolicy(deps: HttpDeps) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const problem = deps.policyProblem();
    if (problem === null) {
      next();
      return;
    }
    res.status(503).json({ error: 'unavailable', why: 'no policy in force' });
  };
}

/** Any unexpected failure (Redis down, audit unwritable) answers 503, so Lark retries the push. */
function wrap(handler: (req: Request, res: Response) => Promise<void>, deps: HttpDeps) {
  return (req: Request, res: Response) => {
    handler(req, res).catch((error: Error & { code?: string }) => {
      deps.logger.error({ err: error.message, code: error.code }, 'push handling failed');
      if (!res.headersSent) res.status(503).json({ error: 'unavailable' });
    });
  };
}
