import type { RateWindow } from '../platform/endpoint-catalog.js';

/** Sliding-window limits per key (a chat, a message): at most `max` takes in any `per` window, for each window. */
export type KeyRateLimiter = {
  /** Records a take and returns true, or returns false (recording nothing) when the key is at any limit. */
  tryTake(key: string): boolean;
  /** The windows in force, for the refusal's message. */
  readonly windows: readonly RateWindow[];
};

const WINDOW_MS: Record<RateWindow['per'], number> = { second: 1000, minute: 60_000 };

export function createKeyRateLimiter(options: {
  windows: readonly RateWindow[];
  clock: () => number;
}): KeyRateLimiter {
  const takes = new Map<string, number[]>();
  const longest = Math.max(0, ...options.windows.map((window) => WINDOW_MS[window.per]));
  return {
    windows: options.windows,
    tryTake(key) {
      const now = options.clock();
      const recent = (takes.get(key) ?? []).filter((at) => now - at < longest);
      takes.set(key, recent);
      const full = options.windows.some(
        (window) => recent.filter((at) => now - at < WINDOW_MS[window.per]).length >= window.max,
      );
      if (full) return false;
      recent.push(now);
      return true;
    },
  };
}

/** "5 messages per second" for a refusal's message. */
export function describeWindows(windows: readonly RateWindow[], noun: string): string {
  return windows.map((window) => `${window.max} ${noun} per ${window.per}`).join(' and ');
}
