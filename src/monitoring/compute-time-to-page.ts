import type { MonitoringConfig } from '../config/monitoring-config.js';

/** How a condition reaches the monitor: a check it runs itself, a worker heartbeat, or a worker probe. */
export type DetectionPath = 'direct' | 'heartbeat' | 'probe';

/**
 * The worst-case time from the start of an outage to the alert firing, from the intervals alone (pure):
 * - direct (Redis, audit file, Lark token from the bot, bursts): up to one round until it is first seen,
 *   then `raise_after` rounds: (raise_after + 1) × every;
 * - heartbeat (workers): the last beat may be `heartbeat.every` old when the worker stops, then it must age
 *   past `heartbeat.max_age`, then as direct;
 * - probe (Base reads, rate limits, token refresh, drills): `raise_after` counts probe runs (a result is
 *   counted once however many rounds see it): up to `probes.every` until the first failing run, the rest
 *   `probes.every` apart, then up to one round until the monitor reads the last.
 * Real-time latencies (Lark's answers and rate-limit resets, probe and check deadlines, sending the card)
 * come on top; the tests measure them.
 */
export function computeTimeToPage(config: MonitoringConfig, path: DetectionPath): number {
  const rounds = (config.raise_after + 1) * config.every;
  if (path === 'heartbeat') return config.heartbeat.every + config.heartbeat.max_age + rounds;
  if (path === 'probe') return config.raise_after * config.probes.every + config.every;
  return rounds;
}
