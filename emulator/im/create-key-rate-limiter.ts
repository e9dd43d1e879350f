/** A sliding-window limit per key (a chat, a message): at most `max` takes in any `windowMs`. */
export type KeyRateLimiter = {
  /** Records a take and returns true, or returns false (recording nothing) when the key is at its limit. */
  tryTake(key: string): boolean;
};

export function createKeyRateLimiter(options: {
  max: number;
  windowMs: number;
  clock: () => number;
}): KeyRateLimiter {
  const takes = new Map<string, number[]>();
  return {
    tryTake(key) {
      const now = options.clock();
      const recent = (takes.get(key) ?? []).filter((at) => now - at < options.windowMs);
      if (recent.length >= options.max) {
        takes.set(key, recent);
        return false;
      }
      recent.push(now);
      takes.set(key, recent);
      return true;
    },
  };
}
