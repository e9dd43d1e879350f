import type { Endpoint, RateWindow } from './endpoint-catalog.js';

export type RateDecision = { kind: 'ok' } | { kind: 'limited'; limit: number; resetSeconds: number };

export type RateLimiter = {
  /** Counts one call of `endpoint` by `appId`, or refuses it when any of its windows is full. */
  take(endpoint: Endpoint, appId: string): RateDecision;
  /** The windows in force for `endpoint`: its override, else the catalogue's documented figures. */
  windowsFor(endpoint: Endpoint): RateWindow[];
};

const WINDOW_MS: Record<RateWindow['per'], number> = { second: 1000, minute: 60_000 };

/**
 * Per endpoint × per app sliding-window limits (docs/reference/lark-api.md §2.5): every window (QPS and QPM) is checked and
 * any one trips. Refused calls are not counted. Sliding logs (not fixed buckets) so that `max + 1` calls within
 * one window always trip, whatever the clock's phase.
 */
export function createRateLimiter(deps: {
  clock: () => number;
  enabled: boolean;
  overrides: Record<string, RateWindow[]>;
}): RateLimiter {
  const logs = new Map<string, number[]>();

  const windowsFor = (endpoint: Endpoint) => deps.overrides[endpoint.id] ?? endpoint.limits;
  return {
    windowsFor,
    take(endpoint, appId) {
      if (!deps.enabled) return { kind: 'ok' };
      const windows = windowsFor(endpoint);
      const now = deps.clock();
      const keyed = windows.map((window) => {
        const key = `${endpoint.id}|${appId}|${window.per}|${window.max}`;
        const span = WINDOW_MS[window.per];
        const log = (logs.get(key) ?? []).filter((time) => time > now - span);
        logs.set(key, log);
        return { window, span, log };
      });
      for (const { window, span, log } of keyed) {
        if (log.length >= window.max) {
          const oldest = log[log.length - window.max] ?? now;
          const waitMs = oldest + span - now;
          return { kind: 'limited', limit: window.max, resetSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
        }
      }
      for (const { log } of keyed) log.push(now);
      return { kind: 'ok' };
    },
  };
}
