/** A per-source token bucket: `take` answers at once, with no I/O. */
export type SourceRateLimit = { take(source: string): boolean };

export type SourceRateLimitOptions = {
  /** Tokens added per second, per source. */
  perSecond: number;
  /** Bucket size: how many requests a quiet source may send at once. */
  burst: number;
  clock: () => number;
  /** Most sources remembered; past it the least recently seen is forgotten (it starts again full). */
  maxSources?: number;
};

/**
 * The cheap refusal in front of push verification: one token bucket per source address, in this process.
 * In-process rather than in Redis on purpose: a refused request must cost no Redis call and no audit write
 * (that is what made a flood expensive), and it must keep answering when Redis is what failed. The price:
 * with N bot replicas behind a load balancer a source gets N times the rate.
 */
export function createSourceRateLimit(options: SourceRateLimitOptions): SourceRateLimit {
  const maxSources = options.maxSources ?? 10_000;
  /** Insertion order is recency order: a source is re-inserted on every request. */
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(source) {
      const now = options.clock();
      const bucket = buckets.get(source);
      let tokens = options.burst;
      if (bucket) {
        buckets.delete(source);
        tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      } else if (buckets.size >= maxSources) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      const allowed = tokens >= 1;
      buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: now });
      return allowed;
    },
  };
}
