import type { Observation } from '../domain/alert.js';
import { withTimeout } from '../platform/with-timeout.js';
import type { SyntheticCheckStore } from './create-synthetic-check-store.js';

/**
 * The worker's synthetic check results, as observations. A result older than `maxAgeMs` no longer counts
 * (its condition is unknown). `probes.stale` fails when the check run's own marker (`lark.token`, written by
 * every run) is missing or too old once the monitor has been up that long: the checks have stopped.
 * The alert key `probes.stale` (its runbook `probes-stale`) and the details shown on its card keep the old
 * word: on-call sees and searches them.
 */
export async function observeSyntheticCheckResults(deps: {
  store: SyntheticCheckStore;
  maxAgeMs: number;
  timeoutMs: number;
  /** How long the monitor has been running: no verdict on staleness before one max age has passed. */
  uptimeMs: number;
}): Promise<Observation[]> {
  let stored: Awaited<ReturnType<SyntheticCheckStore['readAll']>>;
  try {
    stored = await withTimeout(deps.store.readAll(), deps.timeoutMs);
  } catch (error) {
    return [
      {
        key: 'probes.stale',
        status: 'unknown',
        detail: `cannot read probe results: ${(error as Error).message}`,
      },
    ];
  }
  const fresh = stored.filter((entry) => entry.ageMs <= deps.maxAgeMs);
  const marker = stored.find((entry) => entry.result.key === 'lark.token');
  const observations: Observation[] = fresh.map(({ result, at }) => ({
    key: result.key,
    status: result.status,
    detail: `worker: ${result.detail}`,
    sample: String(at),
    ...(result.severity ? { severity: result.severity } : {}),
    ...(result.causes ? { causes: result.causes } : {}),
  }));
  if (marker && marker.ageMs <= deps.maxAgeMs) {
    observations.push({ key: 'probes.stale', status: 'ok', detail: '' });
  } else if (deps.uptimeMs >= deps.maxAgeMs) {
    observations.push({
      key: 'probes.stale',
      status: 'failing',
      detail: marker
        ? `the last probe run was ${Math.round(marker.ageMs / 1000)} s ago (limit ${Math.round(deps.maxAgeMs / 1000)} s)`
        : 'no probe has run yet',
      causes: ['workers', 'redis'],
    });
  }
  return observations;
}
