import axios, {
  type AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { AllowedEndpoint } from '../config/allowed-endpoints.js';
import { classifyLarkError, type FailedLarkCall } from './classify-lark-error.js';
import { createEndpointMatcher } from './create-endpoint-matcher.js';
import { EgressDeniedError } from './egress-denied-error.js';
import { isWriteEndpoint } from './is-write-endpoint.js';
import { LarkApiError } from './lark-api-error.js';
import type { LarkRateLimiter } from './lark-rate-limiter.js';

/** One HTTP attempt, for metrics. `status` 0: no response arrived. */
export type LarkApiCall = {
  endpointId: string;
  method: string;
  status: number;
  code: number | null;
  durationMs: number;
};

export type LarkHttpDeps = {
  /** Origin of the configured Lark domain (`https://open.feishu.cn`, or the emulator's URL). */
  origin: string;
  /** `allowed_endpoints.yaml`: nothing else leaves the process. */
  endpoints: readonly AllowedEndpoint[];
  rateLimiter: LarkRateLimiter;
  /** Awaited before a refused call throws; the caller audits `egress.denied`. */
  onEgressDenied(attempt: { method: string; path: string }): Promise<void> | void;
  onApiCall?(call: LarkApiCall): void;
  /** Longest total wait on 429s for one call, then `rate_limited` is thrown. */
  maxRateLimitWaitMs: number;
  /** Per-attempt deadline; default 10 s. */
  timeoutMs?: number;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
/** When a throttled answer carries no `x-ogw-ratelimit-reset`, wait this long. */
const DEFAULT_RESET_MS = 1_000;
const TOKEN_ENDPOINT_ID = 'auth.tenant_access_token';

type CallState = {
  endpoint: AllowedEndpoint;
  path: string;
  startedAt: number;
  /** Epoch ms of the first throttled answer for this call, if any. */
  rateLimitedSince?: number;
};
type LarkgateConfig = InternalAxiosRequestConfig & { larkgate?: CallState; $return_headers?: boolean };

/**
 * The axios instance the SDK sends every request through (`new lark.Client({httpInstance})`):
 * 1. refuses any method + path not in `allowed_endpoints.yaml`, or any other origin, before sending;
 * 2. takes a slot from the shared rate limiter;
 * 3. on a throttled answer (HTTP 429, 400 + 99991400, 200 + 1254290) blocks the endpoint for everyone
 *    until `x-ogw-ratelimit-reset` and retries, up to `maxRateLimitWaitMs` in total;
 * 4. resolves to the parsed body, as the SDK's default instance does;
 * 5. turns every failure into a LarkApiError built from safe fields only (never the axios error, whose
 *    config holds the Bearer token and, on the token call, the app secret).
 */
export function createLarkHttpInstance(deps: LarkHttpDeps): AxiosInstance {
  const match = createEndpointMatcher(deps.endpoints);
  // No redirects: a redirect to another origin would bypass the allowlist. Lark's API does not redirect.
  const instance = axios.create({ timeout: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxRedirects: 0 });

  instance.interceptors.request.use(async (config: LarkgateConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const target = parseTarget(config);
    const endpoint = target && target.origin === deps.origin ? match(method, target.path) : undefined;
    if (!target || !endpoint) {
      const path = target ? (target.origin === deps.origin ? target.path : target.origin + target.path) : '?';
      try {
        await deps.onEgressDenied({ method, path });
      } catch {
        // The call is refused whether or not the hook managed to record it.
      }
      throw new EgressDeniedError(method, path);
    }
    await deps.rateLimiter.acquire(endpoint.id);
    config.larkgate = {
      endpoint,
      path: target.path,
      startedAt: performance.now(),
      ...(config.larkgate?.rateLimitedSince === undefined
        ? {}
        : { rateLimitedSince: config.larkgate.rateLimitedSince }),
    };
    return config;
  });

  instance.interceptors.response.use(
    async (response: AxiosResponse) => {
      const config = response.config as LarkgateConfig;
      const state = stateOf(config);
      const code = codeOf(response.data);
      report(state, response.status, code);
      if (code === 1254290) return retryThrottled(config, response);
      if (state.endpoint.id === TOKEN_ENDPOINT_ID && code !== 0) {
        throw buildError(state, response, { httpStatus: response.status, code, write: false });
      }
      return config.$return_headers ? { data: response.data, headers: response.headers } : response.data;
    },
    async (error: unknown) => {
      if (error instanceof EgressDeniedError || error instanceof LarkApiError) throw error;
      if (!axios.isAxiosError(error) || !(error.config as LarkgateConfig | undefined)?.larkgate) {
        // Not a Lark answer (for instance the limiter refused an endpoint it has no limit for).
        throw error;
      }
      const config = error.config as LarkgateConfig;
      const state = stateOf(config);
      const { response } = error;
      if (response) {
        const code = codeOf(response.data);
        report(state, response.status, code);
        if (response.status === 429 || (response.status === 400 && code === 99991400)) {
          return retryThrottled(config, response);
        }
        throw buildError(state, response, {
          httpStatus: response.status,
          code,
          write: isWriteEndpoint(state.endpoint),
        });
      }
      report(state, 0, null);
      const transport = transportOf(error);
      throw new LarkApiError({
        endpointId: state.endpoint.id,
        method: state.endpoint.method,
        path: state.path,
        httpStatus: 0,
        code: null,
        msg: TRANSPORT_MESSAGES[transport],
        kind: classifyLarkError({ write: isWriteEndpoint(state.endpoint), transport }),
      });
    },
  );

  function report(state: CallState, status: number, code: number | null): void {
    deps.onApiCall?.({
      endpointId: state.endpoint.id,
      method: state.endpoint.method,
      status,
      code,
      durationMs: performance.now() - state.startedAt,
    });
  }

  /** Blocks the endpoint for every process until Lark's reset, then sends the same request again. */
  async function retryThrottled(config: LarkgateConfig, response: AxiosResponse): Promise<unknown> {
    const state = stateOf(config);
    // Real time, never an injected clock: Lark's reset and the waits it causes happen in real time.
    const now = Date.now();
    const resetMs = resetMsOf(response);
    const since = state.rateLimitedSince ?? now;
    if (now - since + resetMs > deps.maxRateLimitWaitMs) {
      throw buildError(
        state,
        response,
        { httpStatus: response.status, code: codeOf(response.data), write: false },
        { kind: 'rate_limited', retryAfterMs: resetMs },
      );
    }
    await deps.rateLimiter.block(state.endpoint.id, now + resetMs);
    config.larkgate = { ...state, rateLimitedSince: since };
    // The request interceptor runs again: allowlist, then acquire, which waits out the block.
    return instance.request(config);
  }

  return instance;
}

function stateOf(config: LarkgateConfig): CallState {
  if (!config.larkgate) throw new Error('lark http: response without call state');
  return config.larkgate;
}

function parseTarget(config: InternalAxiosRequestConfig): { origin: string; path: string } | undefined {
  try {
    const url = new URL(config.url ?? '', config.baseURL);
    return { origin: url.origin, path: url.pathname };
  } catch {
    return undefined;
  }
}

function codeOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const code = (body as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

function resetMsOf(response: AxiosResponse): number {
  const seconds = Number(response.headers?.['x-ogw-ratelimit-reset']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RESET_MS;
}

function buildError(
  state: CallState,
  response: AxiosResponse,
  failure: FailedLarkCall,
  override: Partial<Pick<LarkApiError, 'kind' | 'retryAfterMs'>> = {},
): LarkApiError {
  const body = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as {
    msg?: unknown;
    error?: { log_id?: unknown };
  };
  const headerLogId = response.headers?.['x-tt-logid'];
  const logId =
    typeof body.error?.log_id === 'string'
      ? body.error.log_id
      : typeof headerLogId === 'string'
        ? headerLogId
        : undefined;
  return new LarkApiError({
    endpointId: state.endpoint.id,
    method: state.endpoint.method,
    path: state.path,
    httpStatus: response.status,
    code: failure.code ?? null,
    msg: typeof body.msg === 'string' ? body.msg.slice(0, 500) : '',
    kind: override.kind ?? classifyLarkError(failure),
    ...(override.retryAfterMs === undefined ? {} : { retryAfterMs: override.retryAfterMs }),
    ...(logId === undefined ? {} : { logId }),
  });
}

type Transport = NonNullable<FailedLarkCall['transport']>;
const TRANSPORT_MESSAGES: Record<Transport, string> = {
  timeout: 'no answer before the deadline',
  connection_lost: 'connection lost before an answer',
  connection_refused: 'could not connect',
};

function transportOf(error: AxiosError): Transport {
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'timeout';
  if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return 'connection_refused';
  }
  return 'connection_lost';
}
