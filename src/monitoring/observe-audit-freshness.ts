import type { Observation } from '../domain/alert.js';
import { evaluateAuditFreshness } from './evaluate-audit-freshness.js';

type NewestTimes = { file: number | null | Error; stream: number | null | Error };

/**
 * The audit freshness synthetic check: the newest event in each sink, judged by evaluateAuditFreshness. When the
 * newest event is older than half of `maxSilenceMs` (a quiet system), the check first writes a
 * `monitor.keepalive` event through the worker's audit log and reads again: a log that takes writes is
 * never silent, so `audit.silence` means the writes are not landing, and `audit.lag` that one sink is
 * not taking them. A keepalive that fails is not an error here: the freshness it leaves is the finding.
 */
export async function observeAuditFreshness(deps: {
  readNewest: () => Promise<NewestTimes>;
  writeKeepalive: (details: { quiet_for_ms: number | null }) => Promise<unknown>;
  now: () => number;
  maxLagMs: number;
  maxSilenceMs: number;
}): Promise<Observation[]> {
  let newest = await deps.readNewest();
  const at = newestOf(newest);
  const quietForMs = at === null ? null : deps.now() - at;
  if (quietForMs === null || quietForMs >= deps.maxSilenceMs / 2) {
    const wrote = await deps.writeKeepalive({ quiet_for_ms: quietForMs }).then(
      () => true,
      () => false,
    );
    if (wrote) newest = await deps.readNewest();
  }
  return evaluateAuditFreshness({
    ...newest,
    now: deps.now(),
    maxLagMs: deps.maxLagMs,
    maxSilenceMs: deps.maxSilenceMs,
  });
}

function newestOf(times: NewestTimes): number | null {
  const known = [times.file, times.stream].filter((at): at is number => typeof at === 'number');
  return known.length === 0 ? null : Math.max(...known);
}
