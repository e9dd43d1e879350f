import type { DrillOutcomes } from '../app/drills/create-drill-outcomes.js';
import type { Observation } from '../domain/alert.js';

/**
 * Failed rollback drills as alerts (pure): `drill.failed:<alias>` fails while the newest rollback drill
 * that counts for the base failed, and passes once a later one passed, on the base itself or, as the
 * guard counts drills, on any staging base (src/app/drills/create-drill-evidence.ts). A page: a rollback
 * path that does not work is what a bad day needs most, and tiered bases start refusing writes once
 * their last passing drill is too old.
 */
export function evaluateDrillFailures(
  input: DrillOutcomes & { staging: ReadonlySet<string> },
): Observation[] {
  const stagingPass = Math.max(
    0,
    ...[...input.passes].filter(([base]) => input.staging.has(base)).map(([, at]) => at),
  );
  const observations: Observation[] = [];
  for (const [base, failure] of input.failures) {
    const passedSince = Math.max(input.passes.get(base) ?? 0, stagingPass) > failure.at;
    const key = `drill.failed:${base}`;
    observations.push(
      passedSince
        ? { key, status: 'ok', detail: 'a later rollback drill passed' }
        : {
            key,
            status: 'failing',
            detail: `rollback drill ${failure.drillId ?? '(no id)'} failed at ${new Date(failure.at).toISOString()}: ${failure.problem ?? 'no reason recorded'}`,
          },
    );
  }
  return observations;
}
