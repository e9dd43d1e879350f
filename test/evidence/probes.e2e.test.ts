import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, deny } from '../../src/domain/decision.js';
import { decide } from '../../src/domain/guard.js';
import { type Decide, type ProbeReport, SEED_CLASSES } from '../../src/evidence/probe.js';
import { CONTROLS, PROBES } from '../../src/evidence/probe-catalogue.js';
import { AUDIT_PROBES } from '../../src/evidence/probes-audit.js';
import { REFUSAL_POINTS } from '../../src/evidence/refusal-points.js';
import { runProbes } from '../../src/evidence/run-probes.js';
import { createProbeRig, type RunningProbeRig } from '../../src/main/probe-rig/create-probe-rig.js';

let rig: RunningProbeRig;
let report: ProbeReport;
beforeAll(async () => {
  rig = await createProbeRig();
  report = await runProbes({ rig, decide, runId: 'real' }, PROBES, CONTROLS);
}, 120_000);
afterAll(async () => {
  await rig?.close();
});

/** The real guard with one rule taken out: its denials are dropped, as if the check had been deleted. */
function without(code: string): Decide {
  return (request, context) => {
    const decision = decide(request, context);
    if (decision.allow) return decision;
    const kept = decision.denials.filter((denial) => denial.code !== code);
    return kept.length === 0 ? allow() : { allow: false, denials: kept };
  };
}

describe('larkgate probes with the real guard', () => {
  it('reports ALL_FAIL_CLOSED, with every control let through', () => {
    expect(report.controls.filter((control) => !control.ok)).toEqual([]);
    expect(report.results.filter((result) => result.verdict !== 'BLOCKED')).toEqual([]);
    expect(report.verdict).toBe('ALL_FAIL_CLOSED');
    expect(report.blockedCount).toBe(PROBES.length);
  });

  it.each(PROBES.map((probe) => [probe.id, probe.expect.join(', ')]))(
    '%s is refused with %s, and nothing leaks',
    (id) => {
      const result = report.results.find((candidate) => candidate.id === id);
      expect(result).toMatchObject({ verdict: 'BLOCKED', allowed: false, leaked: [] });
      expect(result?.codes).toEqual(expect.arrayContaining([...(result?.expected ?? [])]));
      expect(result?.reasons.length).toBeGreaterThan(0);
    },
  );

  it('covers every refusal point: adding a refusal rule without a probe fails here', () => {
    const uncovered = REFUSAL_POINTS.filter((point) => !report.covered.includes(point));

    expect(uncovered).toEqual([]);
  });

  it('lists every refusal it saw: a refusal no refusal point names is uncovered', () => {
    const unlisted = report.covered.filter((code) => !REFUSAL_POINTS.includes(code));

    expect(unlisted).toEqual([]);
  });

  it('files every probe under the class its id names', () => {
    const misfiled = PROBES.filter((probe) => !probe.id.startsWith(`${probe.seedClass}.`)).map((p) => p.id);

    expect(misfiled).toEqual([]);
  });

  it('maps onto all nine bad-input classes of the seed harness', () => {
    const classes = new Set(PROBES.map((probe) => probe.seedClass));

    expect([...classes].sort()).toEqual(Object.keys(SEED_CLASSES).sort());
  });

  it('gives every probe a unique id', () => {
    expect(new Set(PROBES.map((probe) => probe.id)).size).toBe(PROBES.length);
  });
});

describe('larkgate probes against an audit verify that passes anything', () => {
  it('reports each tampered audit log as FAIL_OPEN', async () => {
    const lenient = {
      ...rig,
      verifyTamperedAudit: async () => ({ code: 0, report: { ok: true, sources: [] } }),
    };

    const weakened = await runProbes({ rig: lenient, decide, runId: 'weak-audit' }, AUDIT_PROBES, []);

    expect(weakened.results.map((result) => [result.id, result.verdict])).toEqual(
      AUDIT_PROBES.map((probe) => [probe.id, 'FAIL_OPEN']),
    );
  });
});

describe('larkgate probes against a weakened guard', () => {
  it.each([
    ['self_approval', 'P2.self-approval'],
    ['stage_forbids_writes', 'P4.stage-read-only'],
    ['artefact_scope_mismatch', 'P9.changed-after-approval'],
    ['marker_missing', 'P5.batch-delete-unmarked'],
    ['ambiguous_target', 'P6.ambiguous-table'],
    ['request_not_pending', 'P3.vote-on-closed-request'],
  ])('without its %s check reports FAIL_OPEN_DETECTED and names %s', async (code, probeId) => {
    const weakened = await runProbes({ rig, decide: without(code), runId: `weak-${code}` }, PROBES, CONTROLS);

    expect(weakened.verdict).toBe('FAIL_OPEN_DETECTED');
    const failed = weakened.results.filter((result) => result.failOpen);
    expect(failed.map((result) => result.id)).toContain(probeId);
    expect(failed.find((result) => result.id === probeId)).toMatchObject({
      verdict: 'FAIL_OPEN',
      allowed: true,
    });
  });

  it('hostile chat text and Base values reach replies, cards and the audit-chat line inert (text.inert)', () => {
    for (const id of ['P8.mention-in-chat-reply', 'P8.mention-in-base-value']) {
      const result = report.results.find((candidate) => candidate.id === id);
      expect(result, id).toMatchObject({ verdict: 'BLOCKED', codes: ['text.inert'], leaked: [] });
    }
    const base = report.results.find((candidate) => candidate.id === 'P8.mention-in-base-value');
    // The diff card, its patch, the audit-chat line and the record card read back: all were looked at.
    expect(base?.reasons.join(' ')).toMatch(/[4-9] message\(s\) posted about a hostile Base value/);
  });

  it('a weakened guard reaches the real handlers: the intake opens the request, the live op writes', async () => {
    const weakened = await runProbes(
      { rig, decide: without('stage_forbids_writes'), runId: 'weak-reach' },
      PROBES,
      CONTROLS,
    );

    const intake = weakened.results.find((candidate) => candidate.id === 'P4.stage-read-only');
    expect(intake?.leaked).toEqual([expect.stringMatching(/^request req_\w+ opened \(pending\)$/)]);
    const liveOp = weakened.results.find((candidate) => candidate.id === 'P4.execute-in-dry-run');
    expect(liveOp).toMatchObject({ verdict: 'FAIL_OPEN', allowed: true });
    expect(liveOp?.leaked).toContain('the request was applied');
  });

  it('shows what leaked: an approval from a non-approver mints the single-use artefact', async () => {
    const weakened = await runProbes(
      { rig, decide: without('approver_not_allowed'), runId: 'weak-leak' },
      PROBES,
      CONTROLS,
    );

    const result = weakened.results.find((candidate) => candidate.id === 'P2.approver-not-allowed');
    expect(result?.leaked).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^approval artefact art_[0-9a-f]+ minted$/),
        expect.stringMatching(/^live op queued for req_/),
      ]),
    );
  });

  it('a self-approval let through by the guard is still not counted toward N-of-M, but is reported', async () => {
    const weakened = await runProbes(
      { rig, decide: without('self_approval'), runId: 'weak-self' },
      PROBES,
      CONTROLS,
    );

    const result = weakened.results.find((candidate) => candidate.id === 'P2.self-approval');
    expect(result).toMatchObject({ verdict: 'FAIL_OPEN', leaked: ['the vote was counted'] });
  });

  it('a guard that refuses everything does not pass for a closed one: the controls fail', async () => {
    const refuseAll: Decide = () => deny('unknown_action', 'refuse everything');

    const broken = await runProbes({ rig, decide: refuseAll, runId: 'refuse-all' }, PROBES, CONTROLS);

    expect(broken.harnessOk).toBe(false);
    expect(broken.verdict).toBe('FAIL_OPEN_DETECTED');
  });
});
