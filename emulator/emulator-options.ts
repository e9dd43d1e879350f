import { isRateLimitId, type RateWindow } from './platform/endpoint-catalog.js';
import { DEFAULT_WS_CLIENT_CONFIG, type WsClientConfig } from './ws/ws-client-config.js';

/** What a test or the demo may tune. Every default is the documented Lark behaviour. */
export type EmulatorOptions = {
  /** Milliseconds clock; tests pass a fake one. Defaults to Date.now. */
  clock?: () => number;
  /** Rate limits are on by default with the documented figures; `false` turns them off. */
  rateLimits?: boolean;
  /**
   * Overrides of the documented figures, keyed by endpoint id (endpoint-catalog.ts), or `im.per_chat` (sends
   * and replies per chat) and `im.per_message` (card updates per message). An unknown id is an error.
   */
  rateLimitOverrides?: Record<string, RateWindow[]>;
  /** Batch ceilings; documented: create 1000, update 1000, delete 500, get 100 (docs/reference/lark-api.md §2.1). */
  batchLimits?: Partial<BatchLimits>;
  /** Seconds a tenant_access_token lives; documented 7200. */
  tokenTtlSeconds?: number;
  /** When true, a write to a table that overlaps another write to it fails with 1254291 (Lark: per table). */
  writeConflicts?: boolean;
  /** How long a push may take before it counts as failed; documented 3000 ms. */
  pushTimeoutMs?: number;
  /** Delays before re-pushing an unanswered event; documented 15 s, 5 min, 1 h, 6 h. */
  eventRetryScheduleMs?: number[];
  /** Where pushes go, overriding the seed's `bot` block. */
  eventUrl?: string;
  cardUrl?: string;
  /** What the long connection's endpoint and pongs tell the client (seconds); defaults are the SDK's. */
  wsClientConfig?: Partial<WsClientConfig>;
  /** Largest payload of one long-connection data frame; bigger events are split by `sum`/`seq`. */
  wsFragmentBytes?: number;
};

export type BatchLimits = { create: number; update: number; delete: number; get: number };

export type ResolvedEmulatorOptions = Required<
  Omit<EmulatorOptions, 'eventUrl' | 'cardUrl' | 'batchLimits' | 'wsClientConfig'>
> & {
  batchLimits: BatchLimits;
  wsClientConfig: WsClientConfig;
  eventUrl: string | undefined;
  cardUrl: string | undefined;
};

export const DOCUMENTED_RETRY_SCHEDULE_MS = [15_000, 300_000, 3_600_000, 21_600_000];

export function resolveEmulatorOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  for (const id of Object.keys(options.rateLimitOverrides ?? {})) {
    if (!isRateLimitId(id)) throw new Error(`rateLimitOverrides: no endpoint or limit has the id "${id}"`);
  }
  return {
    clock: options.clock ?? Date.now,
    rateLimits: options.rateLimits ?? true,
    rateLimitOverrides: options.rateLimitOverrides ?? {},
    batchLimits: { create: 1000, update: 1000, delete: 500, get: 100, ...options.batchLimits },
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    writeConflicts: options.writeConflicts ?? false,
    pushTimeoutMs: options.pushTimeoutMs ?? 3000,
    eventRetryScheduleMs: options.eventRetryScheduleMs ?? DOCUMENTED_RETRY_SCHEDULE_MS,
    eventUrl: options.eventUrl,
    cardUrl: options.cardUrl,
    wsClientConfig: { ...DEFAULT_WS_CLIENT_CONFIG, ...options.wsClientConfig },
    // UNCONFIRMED: Lark does not document its fragment size; 16 KB keeps most events in one frame while a
    // long text or a large card callback takes several.
    wsFragmentBytes: options.wsFragmentBytes ?? 16_384,
  };
}
