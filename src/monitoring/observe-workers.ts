import type { Redis } from 'ioredis';
import type { Observation } from '../domain/alert.js';
import { withTimeout } from '../platform/with-timeout.js';
import { readWorkerHeartbeats } from './read-worker-heartbeats.js';

/** `workers`: the freshest worker heartbeat is younger than `maxAgeMs`. Unknown while Redis cannot be read. */
export async function observeWorkers(deps: {
  redis: Redis;
  key: string;
  maxAgeMs: number;
  timeoutMs: number;
  onAge?: (ageMs: number | null) => void;
}): Promise<Observation[]> {
  try {
    const newest = await withTimeout(readWorkerHeartbeats(deps.redis, deps.key), deps.timeoutMs);
    deps.onAge?.(newest?.ageMs ?? null);
    if (!newest) {
      return [
        {
          key: 'workers',
          status: 'failing',
          detail: 'no worker has ever sent a heartbeat',
          causes: ['redis'],
        },
      ];
    }
    if (newest.ageMs > deps.maxAgeMs) {
      return [
        {
          key: 'workers',
          status: 'failing',
          detail: `the freshest worker heartbeat (${newest.worker}) is ${Math.round(newest.ageMs / 1000)} s old (limit ${Math.round(deps.maxAgeMs / 1000)} s)`,
          causes: ['redis'],
        },
      ];
    }
    return [{ key: 'workers', status: 'ok', detail: `heartbeat ${Math.round(newest.ageMs / 1000)} s old` }];
  } catch (error) {
    return [
      { key: 'workers', status: 'unknown', detail: `cannot read heartbeats: ${(error as Error).message}` },
    ];
  }
}
