import type * as lark from '@larksuiteoapi/node-sdk';
import type { AllowedEndpoint } from '../config/allowed-endpoints.js';
import type { Secret } from '../config/secret.js';
import { createLarkClient, type LarkClient, type LarkDomain } from '../lark/create-lark-client.js';
import type { LarkApiCall } from '../lark/create-lark-http-instance.js';
import { createLocalRateLimiter } from './create-local-rate-limiter.js';

export type MonitorLarkClientDeps = {
  appId: string;
  appSecret: Secret;
  domain: LarkDomain;
  endpoints: readonly AllowedEndpoint[];
  onEgressDenied(attempt: { method: string; path: string }): Promise<void> | void;
  onApiCall?(call: LarkApiCall): void;
  logger?: lark.Logger;
  /** Per attempt; default 5 s. */
  timeoutMs?: number;
  /** Longest wait on Lark's 429s before giving up; default 5 s. */
  maxRateLimitWaitMs?: number;
};

/**
 * A Lark client for the monitor and the synthetic checks: the same SDK, allowlist and safe errors as every other
 * client, but with an in-process rate limiter (no Redis) and short waits. A synthetic check or a page must fail
 * fast and say why, not queue behind a two-minute rate-limit wait.
 */
export function createMonitorLarkClient(deps: MonitorLarkClientDeps): LarkClient {
  return createLarkClient({
    appId: deps.appId,
    appSecret: deps.appSecret,
    domain: deps.domain,
    endpoints: deps.endpoints,
    rateLimiter: createLocalRateLimiter(),
    maxRateLimitWaitMs: deps.maxRateLimitWaitMs ?? 5_000,
    timeoutMs: deps.timeoutMs ?? 5_000,
    onEgressDenied: deps.onEgressDenied,
    ...(deps.onApiCall ? { onApiCall: deps.onApiCall } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}
