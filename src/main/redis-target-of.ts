import type { RedisTarget } from './connect-redis.js';

/** The config's `redis` section (validated: url, or sentinels + name) as a connection target. */
export function redisTargetOf(
  redis: {
    url?: string | undefined;
    sentinels?: { host: string; port: number }[] | undefined;
    name?: string | undefined;
  },
  revealedUrl: string | undefined,
): RedisTarget {
  if (redis.sentinels && redis.name)
    return { kind: 'sentinel', sentinels: redis.sentinels, name: redis.name };
  const url = revealedUrl ?? redis.url;
  if (!url) throw new Error('redis: set url or sentinels + name');
  return { kind: 'url', url };
}
