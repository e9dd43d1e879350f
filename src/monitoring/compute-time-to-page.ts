import type { MonitoringConfig } from '../config/monitoring-config.js';

/**
 * How a condition reaches the monitor: a check it runs itself (`direct`), a worker heartbeat, a worker
 * synthetic check result (`probe`, or the long-running `token_refresh` check), the age of the synthetic
 * check results themselves (`probes_stale`), or a synthetic check result that only fails once a threshold
 * age has passed (`audit_lag`, `audit_silence`). The path names keep the old word (`probe`, `probes_stale`):
 * they are recorded in the outage drill's drill.passed (`detection_path`) and read back by readiness.
 */
export const DETECTION_PATH_KINDS = [
  'direct',
  'heartbeat',
  'probe',
  'token_refresh',
  'probes_stale',
  'audit_lag',
  'audit_silence',
] as const;
export type DetectionPath = (typeof DETECTION_PATH_KINDS)[number];

/** The detection path of every alert kind (describe-alert.ts ALERT_KINDS; a test keeps them in step). */
export const DETECTION_PATHS: Readonly<Record<string, DetectionPath>> = {
  redis: 'direct',
  policy: 'direct',
  'audit.file': 'direct',
  'audit.stream': 'direct',
  'audit.lag': 'audit_lag',
  'audit.silence': 'audit_silence',
  // The bot's own token fetch every round; the worker's synthetic check sees it too, later.
  'lark.token': 'direct',
  // The bot's own long connection (lark.transport: ws), checked every round; it fails only once the connection
  // has been down for `probes.every`, which comes on top of this path's bound.
  'lark.ws': 'direct',
  // The bot's token check sees a throttled token endpoint at once; a throttled Base API only the synthetic checks.
  'lark.rate_limited': 'probe',
  'lark.token_refresh': 'token_refresh',
  workers: 'heartbeat',
  'probes.stale': 'probes_stale',
  'lark.base_api': 'probe',
  'base.read': 'probe',
  'drill.age': 'probe',
  'drill.failed': 'direct',
  'burst.denials': 'direct',
  'burst.auth_failures': 'direct',
  'burst.failed_ops': 'direct',
  'burst.verify_failures': 'direct',
  'burst.failed_intake': 'direct',
};

/**
 * The worst-case time from the start of an outage to the alert firing, from the intervals alone (pure).
 * A round is scheduled `every` after the previous one ends, so "one round" is counted as `every` plus
 * the round itself, rounded up to a further round: `rounds` = (raise_after + 1) × every.
 * - direct (Redis, audit file and stream, the bot's token fetch, bursts, drill failures): `rounds`;
 * - heartbeat (workers): the last beat may be `heartbeat.every` old when the worker stops, then it must
 *   age past `heartbeat.max_age`, then `rounds`;
 * - probe (Base reads, rate limits, drill age): `raise_after` counts synthetic check runs (a result is counted
 *   once however many rounds see it): up to `probes.every` until the first failing run, the rest
 *   `probes.every` apart, then up to one round until the monitor reads the last;
 * - token_refresh: as probe, at `probes.token_refresh_every`;
 * - probes_stale: the last result may have been stored just before the probes stopped; it must age past
 *   `probes.max_age`, then `rounds`;
 * - audit_lag / audit_silence: the condition exists only once a sink has trailed for `audit.max_lag`, or
 *   nothing was written for `audit.max_silence`; then as probe.
 * Real-time latencies (Lark's answers and rate-limit resets, synthetic check and monitor check deadlines, sending the card)
 * come on top: realTimeAllowance bounds them, and the tests measure them.
 */
export function computeTimeToPage(config: MonitoringConfig, path: DetectionPath): number {
  const rounds = (config.raise_after + 1) * config.every;
  const bySyntheticCheck = (every: number) => config.raise_after * every + config.every;
  switch (path) {
    case 'direct':
      return rounds;
    case 'heartbeat':
      return config.heartbeat.every + config.heartbeat.max_age + rounds;
    case 'probe':
      return bySyntheticCheck(config.probes.every);
    case 'token_refresh':
      return bySyntheticCheck(config.probes.token_refresh_every);
    case 'probes_stale':
      return config.probes.max_age + rounds;
    case 'audit_lag':
      return config.audit.max_lag + bySyntheticCheck(config.probes.every);
    case 'audit_silence':
      return config.audit.max_silence + bySyntheticCheck(config.probes.every);
  }
}

/** The longest a monitor check may take (run-monitor-checks.ts): real time, never compressed. */
export const CHECK_DEADLINE_MS = 8_000;
/** The longest a page may take to send: the monitor client's 5 s deadline plus up to 5 s of 429 waits. */
export const SEND_DEADLINE_MS = 10_000;

/**
 * The most real time a page can add on top of the intervals on this path: the monitor's check deadline
 * and the send, plus the synthetic check's own deadline (`probes.timeout`) when a worker's check detects it.
 */
export function realTimeAllowance(config: MonitoringConfig, path: DetectionPath): number {
  const direct = path === 'direct' || path === 'heartbeat' || path === 'probes_stale';
  return CHECK_DEADLINE_MS + SEND_DEADLINE_MS + (direct ? 0 : config.probes.timeout);
}

/** The detection path of an alert key such as `base.read:crm`; `direct` for a kind not listed. */
export function detectionPathOf(key: string): DetectionPath {
  return DETECTION_PATHS[key.split(':')[0] ?? key] ?? 'direct';
}

/** The intervals computeTimeToPage reads, flat and in ms (raise_after is a count): drill evidence records them. */
export function recordedIntervals(config: MonitoringConfig): Record<string, number> {
  return {
    every_ms: config.every,
    raise_after: config.raise_after,
    heartbeat_every_ms: config.heartbeat.every,
    heartbeat_max_age_ms: config.heartbeat.max_age,
    probes_every_ms: config.probes.every,
    probes_max_age_ms: config.probes.max_age,
    probes_timeout_ms: config.probes.timeout,
    token_refresh_every_ms: config.probes.token_refresh_every,
    audit_max_lag_ms: config.audit.max_lag,
    audit_max_silence_ms: config.audit.max_silence,
  };
}

/**
 * The worst case by the intervals for every detection path, at this config: readiness gate 7 judges an
 * outage drill against the production config's. Null when monitoring is off (nothing would page).
 */
export function computePageBounds(config: MonitoringConfig): Record<DetectionPath, number> | null {
  if (!config.enabled) return null;
  return Object.fromEntries(
    DETECTION_PATH_KINDS.map((path) => [path, computeTimeToPage(config, path)]),
  ) as Record<DetectionPath, number>;
}
