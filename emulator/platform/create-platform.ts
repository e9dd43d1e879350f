import type { RequestHandler, Router } from 'express';
import express from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { EmulatorSeed } from '../seed.js';

/**
 * Cross-cutting Lark behaviour shared by every API family: body parsing, the received-request log,
 * tenant tokens, auth, fault injection, rate limits and write serialisation per Base.
 * (Skeleton: filled in by the Base/platform work.)
 */
export type Platform = {
  /** Body parsing (tolerates bodies on GET/DELETE, as the SDK sends `{}`) and the request log. */
  beforeRoutes: RequestHandler;
  /** `POST /open-apis/auth/v3/tenant_access_token/internal`. */
  authRouter: Router;
  /** Endpoint match, `Authorization: Bearer t-…`, faults, rate limits, per-Base write serialisation. */
  apiGuard: RequestHandler;
  /** 404 for unknown paths and the JSON error handler. */
  afterRoutes: RequestHandler[];
  /** `/__emulator/faults`, `/__emulator/requests`. */
  controlRouter: Router;
};

export function createPlatform(seed: EmulatorSeed, options: ResolvedEmulatorOptions): Platform {
  void seed;
  void options;
  const pass: RequestHandler = (_req, _res, next) => next();
  return {
    beforeRoutes: express.json({ type: () => true }),
    authRouter: express.Router(),
    apiGuard: pass,
    afterRoutes: [],
    controlRouter: express.Router(),
  };
}
