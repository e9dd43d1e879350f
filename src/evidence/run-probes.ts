import type {
  Control,
  ControlResult,
  Probe,
  ProbeContext,
  ProbeReport,
  ProbeResult,
  ProbeVerdict,
} from './probe.js';

/**
 * Runs every probe and control once, in order, and judges them (docs/seeds/001 `run()`): a probe is fail-open
 * when the input was let through or something leaked. Stricter than the seed, a probe refused without its
 * expected code is WRONG_REASON: its rule did not fire, so the rule is not proven closed. The summary is
 * ALL_FAIL_CLOSED only when every probe is BLOCKED and every control passed.
 */
export async function runProbes(
  context: ProbeContext,
  probes: readonly Probe[],
  controls: readonly Control[],
  /** Told before each probe and control, and once at the end (done = total): the CLI's progress line. */
  onProgress: (step: string, done: number, total: number) => void = () => {},
): Promise<ProbeReport> {
  const total = probes.length + controls.length;
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    onProgress('probes', results.length, total);
    results.push(await runOne(probe, context));
  }
  const controlResults: ControlResult[] = [];
  for (const control of controls) {
    onProgress('probes: harness controls', results.length + controlResults.length, total);
    try {
      const outcome = await control.run(context);
      controlResults.push({
        id: control.id,
        title: control.title,
        ok: outcome.allowed,
        detail: outcome.detail,
      });
    } catch (error) {
      controlResults.push({
        id: control.id,
        title: control.title,
        ok: false,
        detail: (error as Error).message,
      });
    }
  }
  onProgress('probes', total, total);
  const harnessOk = controlResults.every((control) => control.ok);
  const failOpenCount = results.filter((result) => result.failOpen).length;
  const covered = [...new Set(results.filter((r) => r.verdict === 'BLOCKED').flatMap((r) => r.codes))].sort();
  return {
    verdict: failOpenCount === 0 && harnessOk ? 'ALL_FAIL_CLOSED' : 'FAIL_OPEN_DETECTED',
    probeCount: results.length,
    blockedCount: results.filter((result) => result.verdict === 'BLOCKED').length,
    failOpenCount,
    harnessOk,
    results,
    controls: controlResults,
    covered,
  };
}

async function runOne(probe: Probe, context: ProbeContext): Promise<ProbeResult> {
  const base = { id: probe.id, seedClass: probe.seedClass, title: probe.title, expected: probe.expect };
  try {
    const outcome = await probe.run(context);
    const codes = [...new Set(outcome.refusals.map((refusal) => refusal.code))];
    const reasons = outcome.refusals.map((refusal) => `${refusal.code}: ${refusal.message}`);
    let verdict: ProbeVerdict = 'BLOCKED';
    if (outcome.allowed || outcome.leaked.length > 0) verdict = 'FAIL_OPEN';
    else if (!probe.expect.every((code) => codes.includes(code))) verdict = 'WRONG_REASON';
    return {
      ...base,
      verdict,
      failOpen: verdict !== 'BLOCKED',
      allowed: outcome.allowed,
      leaked: outcome.leaked,
      codes,
      reasons:
        verdict === 'WRONG_REASON'
          ? [...reasons, `expected ${probe.expect.join(', ')}, which did not fire`]
          : verdict === 'FAIL_OPEN' && reasons.length === 0
            ? ['let through: nothing refused it']
            : reasons,
    };
  } catch (error) {
    return {
      ...base,
      verdict: 'ERROR',
      failOpen: true,
      allowed: false,
      leaked: [],
      codes: [],
      reasons: [`the probe could not run: ${(error as Error).message}`],
    };
  }
}
