import { Redis, type RedisOptions } from 'ioredis';

/**
 * Where Larkgate's Redis is: one server by URL, or a master group behind Redis Sentinel (ioredis asks the
 * sentinels for the current master and, after a failover, reconnects to the promoted replica by itself).
 */
export type RedisTarget =
  | { kind: 'url'; url: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string };

/** Per-connection options the callers choose (queueing, retries, timeouts); the target adds where. */
export type RedisConnectionOptions = Omit<RedisOptions, 'sentinels' | 'name' | 'host' | 'port' | 'path'>;

/** The one place ioredis connections are made from the config's `redis` section. */
export function connectRedis(target: RedisTarget, options: RedisConnectionOptions = {}): Redis {
  if (target.kind === 'url') return new Redis(target.url, options);
  return new Redis({
    ...options,
    sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
    name: target.name,
    // Only a master takes writes: after +switch-master ioredis reconnects to the promoted replica.
    role: 'master',
    // A demoted master answers READONLY until it is re-pointed: reconnect and ask the sentinels again.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });
}

/** Names the target for logs and errors without any password a URL may carry. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'url') return target.url.replace(/\/\/[^@/]*@/, '//…@');
  return `sentinel master "${target.name}" via ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`;
}
