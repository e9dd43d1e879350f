import * as lark from '@larksuiteoapi/node-sdk';
import type { AxiosInstance } from 'axios';
import type { AllowedEndpoint } from '../config/allowed-endpoints.js';
import type { Secret } from '../config/secret.js';
import { createLarkHttpInstance, type LarkApiCall } from './create-lark-http-instance.js';
import { createTokenCache } from './create-token-cache.js';
import type { LarkRateLimiter } from './lark-rate-limiter.js';

export type LarkDomain = 'feishu' | 'lark' | (string & {});

export type LarkClientDeps = {
  appId: string;
  appSecret: Secret;
  /** `feishu`, `lark`, or a URL (the emulator). */
  domain: LarkDomain;
  /** `allowed_endpoints.yaml`. */
  endpoints: readonly AllowedEndpoint[];
  rateLimiter: LarkRateLimiter;
  onEgressDenied(attempt: { method: string; path: string }): Promise<void> | void;
  onApiCall?(call: LarkApiCall): void;
  /** From `lark-api-limits.yaml` retry.max_rate_limit_wait_seconds. */
  maxRateLimitWaitMs: number;
  timeoutMs?: number;
  /** The SDK's own log output; errors it logs are our LarkApiErrors, which hold no secret. */
  logger?: lark.Logger;
  loggerLevel?: lark.LoggerLevel;
};

export type LarkClient = {
  client: lark.Client;
  /** Origin every call goes to. */
  origin: string;
  httpInstance: AxiosInstance;
};

/**
 * The real `@larksuiteoapi/node-sdk` Client, with its own token cache and an HTTP layer that enforces the
 * endpoint allowlist, the shared rate limits and safe errors (create-lark-http-instance.ts).
 */
export function createLarkClient(deps: LarkClientDeps): LarkClient {
  const { sdkDomain, origin } = resolveDomain(deps.domain);
  const httpInstance = createLarkHttpInstance({
    origin,
    endpoints: deps.endpoints,
    rateLimiter: deps.rateLimiter,
    onEgressDenied: deps.onEgressDenied,
    maxRateLimitWaitMs: deps.maxRateLimitWaitMs,
    ...(deps.onApiCall ? { onApiCall: deps.onApiCall } : {}),
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  });
  const client = new lark.Client({
    appId: deps.appId,
    appSecret: deps.appSecret.reveal(),
    domain: sdkDomain,
    // The interceptors make it resolve to the parsed body, which is what the SDK's HttpInstance promises.
    httpInstance: httpInstance as unknown as lark.HttpInstance,
    cache: createTokenCache(),
    // LoggerLevel.fatal is 0, which the SDK treats as unset and replaces with info (docs/reference/lark-api.md §1.1).
    loggerLevel: deps.loggerLevel || lark.LoggerLevel.error,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { client, origin, httpInstance };
}

function resolveDomain(domain: LarkDomain): { sdkDomain: lark.Domain | string; origin: string } {
  if (domain === 'feishu') return { sdkDomain: lark.Domain.Feishu, origin: 'https://open.feishu.cn' };
  if (domain === 'lark') return { sdkDomain: lark.Domain.Lark, origin: 'https://open.larksuite.com' };
  const url = new URL(domain);
  // The SDK appends `/open-apis/…` to the domain verbatim: give it the bare origin.
  return { sdkDomain: url.origin, origin: url.origin };
}
