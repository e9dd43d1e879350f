import type { HttpDeps } from '../http/http-deps.js';
import type { Runtime } from './create-runtime.js';

/** What the HTTP app needs that is not read from the runtime: the process's own stores, queues and handlers. */
export type ServeHttpParts = Pick<
  HttpDeps,
  'refusals' | 'dedup' | 'botOpenId' | 'enqueueMessage' | 'handleCardAction' | 'readiness'
> &
  Partial<Pick<HttpDeps, 'audit' | 'trustProxy' | 'metrics'>>;

/**
 * The HTTP app's deps (serve, and the probes' embedded bot): push verification keys and window, clock,
 * logger, audit log and policy from the runtime, the rest passed in.
 */
export function createServeHttpDeps(runtime: Runtime, parts: ServeHttpParts): HttpDeps {
  const { loaded } = runtime;
  return {
    trustProxy: loaded.config.server.trust_proxy,
    encryptKey: runtime.secrets.encryptKey,
    // During an encrypt-key rotation the retired key still opens pushes, until its deadline only.
    previousEncryptKey: runtime.rotation?.encryptKey
      ? { key: runtime.rotation.encryptKey, validUntilMs: runtime.rotation.validUntilMs }
      : null,
    verificationToken: runtime.secrets.verificationToken,
    windowSeconds: loaded.config.server.signature_window_seconds,
    clock: runtime.clock,
    logger: runtime.logger,
    audit: runtime.audit,
    policyProblem: () => runtime.policy.problem(),
    ...parts,
  };
}
