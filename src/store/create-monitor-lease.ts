import type { Redis } from 'ioredis';
import { withTimeout } from '../platform/with-timeout.js';
import type { LeaseClaim, MonitorLease } from '../ports/monitor-lease.js';

/** Compare-and-renew: only the holder's own token extends the lease. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** Compare-and-delete: a replica releases only a lease it still holds. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The monitor lease: one Redis key naming the replica whose monitor pages (ARCHITECTURE.md, Monitoring
 * step 1). Taken with `SET key token NX PX ttl`, renewed each round with a compare-and-renew script, so it
 * lapses `ttlMs` after its holder stops renewing (crashed, stuck, cut off). Every call is bounded by
 * `timeoutMs` on a connection that fails fast: a Redis that does not answer is `unreachable`, a value.
 */
export function createMonitorLease(
  redis: Redis,
  options: { key: string; holder: string; ttlMs: number; timeoutMs: number },
): MonitorLease {
  const { key, holder, ttlMs, timeoutMs } = options;
  const bounded = <T>(command: Promise<T>) => withTimeout(command, timeoutMs, 'Redis did not answer in time');
  let held = false;

  async function attempt(): Promise<LeaseClaim> {
    if (held) {
      if ((await bounded(redis.eval(RENEW, 1, key, holder, String(ttlMs)))) === 1) return { kind: 'held' };
      held = false;
    }
    // Twice: the lease may lapse between a refused SET and the GET that names its holder.
    for (let tries = 0; tries < 2; tries += 1) {
      if ((await bounded(redis.set(key, holder, 'PX', ttlMs, 'NX'))) === 'OK') {
        held = true;
        return { kind: 'held' };
      }
      const current = await bounded(redis.get(key));
      if (current !== null) return { kind: 'taken', holder: current };
    }
    return { kind: 'taken', holder: 'unknown' };
  }

  return {
    holder,
    async claim() {
      try {
        return await attempt();
      } catch (error) {
        return { kind: 'unreachable', reason: (error as Error).message };
      }
    },
    async release() {
      if (!held) return;
      held = false;
      await bounded(redis.eval(RELEASE, 1, key, holder)).catch(() => undefined);
    },
  };
}
