import type { AuditEvent } from '../../domain/audit-event.js';
import type { Policy } from '../../domain/policy.js';
import type { AppendAudit } from '../../ports/append-audit.js';

/** What a probe run's record keeps of its report (src/evidence/probe.ts `ProbeReport`). */
export type ProbeRunSummary = {
  verdict: 'ALL_FAIL_CLOSED' | 'FAIL_OPEN_DETECTED';
  probeCount: number;
  blockedCount: number;
  harnessOk: boolean;
  results: ReadonlyArray<{ id: string; failOpen: boolean }>;
  /** Every refusal code some probe saw. */
  covered: readonly string[];
};

/**
 * Records a `larkgate probes` run as evidence in a deployment's audit log (`probes.completed`): the verdict,
 * what failed open, and the refusal points seen to fire (promotion to live looks for egress.denied and
 * auth.*), under that deployment's policy hash.
 */
export async function recordProbeRun(
  deps: { policy: () => Policy; append: AppendAudit },
  report: ProbeRunSummary,
): Promise<AuditEvent> {
  return deps.append({
    type: 'probes.completed',
    actor: 'probes',
    requestId: null,
    details: {
      verdict: report.verdict,
      probe_count: report.probeCount,
      blocked_count: report.blockedCount,
      harness_ok: report.harnessOk,
      fail_open: report.results.filter((result) => result.failOpen).map((result) => result.id),
      covered: report.covered,
      policy_hash: deps.policy().hash,
    },
  });
}
