/**
 * A per-source token bucket, answering at once with no I/O: `allows` says whether the source has a token
 * left (without spending one), `take` spends one (false when there was none).
 */
export type SourceRateLimit = { allows(source: string): boolean; take(source: string): boolean };

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
  function tokensOf(source: string, now: number): number {
    const bucket = buckets.get(source);
    if (!bucket) return options.burst;
    return Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
  }
  return {
    allows(source) {
      return tokensOf(source, options.clock()) >= 1;
    },
    take(source) {
      const now = options.clock();
      const tokens = tokensOf(source, now);
      if (buckets.has(source)) buckets.delete(source);
      else if (buckets.size >= maxSources) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      const allowed = tokens >= 1;
      buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: now });
      return allowed;
    },
  };
}
