import type { ErrorRequestHandler, RequestHandler, Router } from 'express';
import express from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { EmulatorSeed } from '../seed.js';
import { createApiGuard } from './create-api-guard.js';
import { createAuthRouter } from './create-auth-router.js';
import { createBaseWriteGate } from './create-base-write-gate.js';
import { createControlRouter } from './create-control-router.js';
import { createFaultStore } from './create-fault-store.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { createRequestLog } from './create-request-log.js';
import { createRequestStages } from './create-request-stages.js';
import { createTokenStore } from './create-token-store.js';
import { matchEndpoint, pathExistsWithOtherMethod } from './endpoint-catalog.js';
import { sendError } from './lark-response.js';
import { createJsonBodyParser } from './parse-json-body.js';

/**
 * Cross-cutting Lark behaviour shared by every API family: body parsing, the received-request log,
 * tenant tokens, auth, fault injection, rate limits and write serialisation per Base.
 */
export type Platform = {
  /** Body parsing (tolerates bodies on GET/DELETE, as the SDK sends `{}`) and the request log. */
  beforeRoutes: RequestHandler;
  /** `POST /open-apis/auth/v3/tenant_access_token/internal`. */
  authRouter: Router;
  /** Endpoint match, `Authorization: Bearer t-…`, faults, rate limits, per-Base write serialisation. */
  apiGuard: RequestHandler;
  /** 404 for unknown paths and the JSON error handler. */
  afterRoutes: Array<RequestHandler | ErrorRequestHandler>;
  /** `/__emulator/faults`, `/__emulator/requests`. */
  controlRouter: Router;
};

export function createPlatform(seed: EmulatorSeed, options: ResolvedEmulatorOptions): Platform {
  const tokens = createTokenStore({ clock: options.clock, ttlSeconds: options.tokenTtlSeconds });
  const faults = createFaultStore();
  const requestLog = createRequestLog(options.clock);
  const stages = createRequestStages({
    faults,
    limiter: createRateLimiter({
      clock: options.clock,
      enabled: options.rateLimits,
      overrides: options.rateLimitOverrides,
    }),
    gate: createBaseWriteGate(),
    writeConflicts: options.writeConflicts,
  });
  const parseBody = createJsonBodyParser();

  // Image uploads are multipart: their bytes are kept raw for the route (10 MB is Lark's cap, plus the form).
  const rawUpload = express.raw({ type: () => true, limit: '11mb' });
  const beforeRoutes: RequestHandler = (req, res, next) => {
    requestLog.middleware(req, res, () => {
      // An unknown path or method is answered as such before its body is read: a multipart body to a path
      // the emulator does not serve must not come back as a JSON parse error.
      if (req.path.startsWith('/open-apis/') && !matchEndpoint(req.method, req.path)) {
        if (pathExistsWithOtherMethod(req.method, req.path)) sendError(res, 404, 99991301, 'method mismatch');
        else sendError(res, 404, 99991201, 'path not found');
        return;
      }
      if (req.method === 'POST' && req.path === '/open-apis/im/v1/images') {
        rawUpload(req, res, (error?: unknown) => {
          if (error) sendError(res, 400, 234006, 'file size exceed the max value');
          else next();
        });
        return;
      }
      parseBody(req, res, next);
    });
  };

  const notFound: RequestHandler = (req, res) => {
    if (req.path.startsWith('/open-apis/')) sendError(res, 404, 99991201, 'path not found');
    else res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  };
  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const bitable = req.path.startsWith('/open-apis/bitable/');
    if (req.path.startsWith('/open-apis/')) {
      sendError(res, 500, bitable ? 1255001 : 1, bitable ? 'InternalError' : 'System busy');
    } else {
      res.status(500).json({ error: error instanceof Error ? error.message : 'internal error' });
    }
  };

  return {
    beforeRoutes,
    authRouter: createAuthRouter({ seed, tokens, stages }),
    apiGuard: createApiGuard({ tokens, stages }),
    afterRoutes: [notFound, onError],
    controlRouter: createControlRouter({ faults, requestLog }),
  };
}
