import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { Observation } from '../domain/alert.js';
import { withTimeout } from '../platform/with-timeout.js';
import { type BurstEvent, countBursts } from './count-bursts.js';

const KEYS = [
  'burst.denials',
  'burst.auth_failures',
  'burst.failed_ops',
  'burst.verify_failures',
  'burst.failed_intake',
];

/**
 * Burst detection over the audit stream: each round reads the new events, keeps those within the window,
 * and counts them. While the stream cannot be read the bursts are unknown (Redis down pages on its own).
 */
export function createBurstWatch(deps: {
  read: () => Promise<BurstEvent[]>;
  config: MonitoringConfig['bursts'];
  clock: () => number;
  timeoutMs: number;
}) {
  let recent: BurstEvent[] = [];
  return {
    async observe(): Promise<Observation[]> {
      const now = deps.clock();
      try {
        recent.push(...(await withTimeout(deps.read(), deps.timeoutMs)));
      } catch (error) {
        return KEYS.map((key) => ({
          key,
          status: 'unknown' as const,
          detail: `cannot read the audit stream: ${(error as Error).message}`,
        }));
      }
      recent = recent.filter((event) => event.ts > now - deps.config.window);
      return countBursts(recent, now, deps.config);
    },
  };
}
