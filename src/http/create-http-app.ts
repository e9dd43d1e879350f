import express, { type NextFunction, type Request, type Response } from 'express';
import { createCardRoute } from './create-card-route.js';
import { createEventsRoute } from './create-events-route.js';
import { createMcpRoute } from './create-mcp-route.js';
import { createMetricsRoute } from './create-metrics-route.js';
import { createReadyzRoute } from './create-readyz-route.js';
import type { RefusalRoute } from './create-refusal-tally.js';
import type { HttpDeps } from './http-deps.js';
import { sourceOf } from './source-of.js';

/**
 * The largest body Lark may send, with room to spare. Lark caps a text message at 150 KB (error 230025,
 * docs/reference/lark-api.md §3.1); its event carries that text JSON-escaped twice (content is a JSON string inside the
 * event JSON, so at most 2×) and the encrypted body is base64 (4/3×): about 400 KB, plus the envelope.
 * Bigger is not Lark. Refused before it is read (Content-Length) or as soon as it passes the limit.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The bot's HTTP surface. Routes only verify and hand over; decisions live in the domain and the
 * handlers. Bodies are kept raw: the signature covers the exact bytes received.
 */
export function createHttpApp(deps: HttpDeps) {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: nothing here is cached, and hashing every card answer costs CPU on the click path.
  app.set('etag', false);
  // Who the source is (req.ip): the TCP peer unless a trusted proxy names the client (default: trust none).
  app.set('trust proxy', deps.trustProxy ?? false);
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });
  const gate = [refuseWithoutPolicy(deps), limitSource(deps), raw];
  app.post('/lark/events', ...gate, wrap(createEventsRoute(deps), deps));
  app.post('/lark/card', ...gate, wrap(createCardRoute(deps), deps));
  if (deps.mcp) {
    // MCP for agents (issue 13): rate-limited per source like the Lark routes, JSON bodies up to 1 MB.
    const json = express.json({ limit: BODY_LIMIT_BYTES });
    app.post(
      '/mcp',
      limitSource(deps),
      json,
      wrap(createMcpRoute({ mcp: deps.mcp, refusals: deps.refusals }), deps),
    );
    app.all('/mcp', (_req, res) => {
      res.status(405).set('allow', 'POST').json({ error: 'method not allowed' });
    });
  }
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  app.get('/readyz', createReadyzRoute(deps));
  if (deps.metrics) app.get('/metrics', createMetricsRoute(deps.metrics));
  app.use(
    (error: Error & { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
      if (error.type === 'entity.too.large') {
        // Tallied like a failed verification (one audit line per source per window), never logged each.
        deps.refusals
          .refuse(sourceOf(req), { route: routeOf(req), reason: 'body_too_large' })
          .catch((failure: Error) => deps.logger.error({ err: failure.message }, 'could not audit a refusal'))
          .finally(() => {
            if (!res.headersSent) res.status(413).json({ error: 'body too large' });
          });
        return;
      }
      const status = error.status ?? 500;
      deps.logger.warn({ status, kind: error.type ?? error.name }, 'request refused');
      res.status(status).json({ error: 'bad request' });
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

/**
 * The cheap refusal: a source that has spent its refusals (forged, stale or oversized pushes; verified
 * pushes spend nothing, so Lark's own are never held back) gets 429 before its body is read or verified,
 * and is only counted (one aggregated `auth.denied` per source per window), so a flood costs no verify, no
 * fsync and no Redis write per request.
 */
function limitSource(deps: HttpDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const source = sourceOf(req);
    if (deps.refusals.admit(source)) {
      next();
      return;
    }
    deps.refusals
      .refuse(source, { route: routeOf(req), reason: 'rate_limited' })
      .catch((error: Error) => deps.logger.error({ err: error.message }, 'could not audit a refusal'));
    res.status(429).set('retry-after', '1').json({ error: 'too many requests' });
  };
}

function routeOf(req: Request): RefusalRoute {
  if (req.path === '/mcp') return 'mcp';
  return req.path === '/lark/card' ? 'card' : 'events';
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
