import type { Probe, ProbeContext, ProbeOutcome } from './probe.js';

/** What `audit verify` refuses a tampered log with, as probes report it (`audit.<finding>`). */
export const AUDIT_VERIFY_REFUSALS = ['audit.truncated', 'audit.hash_mismatch'] as const;

/** A tampered copy of the rig's audit log through the real `audit verify --config`; exit 0 lets it through. */
async function verifyTampered(
  c: ProbeContext,
  tamper: (lines: readonly string[]) => string[],
): Promise<ProbeOutcome> {
  const { code, report } = await c.rig.verifyTamperedAudit(tamper);
  const sources = (report?.sources ?? []) as Array<{
    ok: boolean;
    firstBad?: { reason: string; message: string };
  }>;
  const refusals = sources.flatMap((source) =>
    !source.ok && source.firstBad
      ? [{ code: `audit.${source.firstBad.reason}`, message: source.firstBad.message }]
      : [],
  );
  return {
    allowed: code === 0,
    leaked: code === 0 ? ['audit verify passed the tampered log'] : [],
    refusals,
  };
}

/**
 * The audit log is evidence (readiness, promotion, rollback receipts): a log an intruder shortened or
 * added to must not verify. Issue 11 item 2.
 */
export const AUDIT_PROBES: readonly Probe[] = [
  {
    id: 'P9.audit-tail-cut',
    seedClass: 'P9',
    title: 'a copy of the audit log with its last lines cut (the newest signed checkpoint with them)',
    expect: ['audit.truncated'],
    run: (c) => verifyTampered(c, (lines) => lines.slice(0, -2)),
  },
  {
    id: 'P9.audit-forged-append',
    seedClass: 'P9',
    title:
      'a copy of the audit log with an event appended, chained correctly but hashed without the audit key',
    expect: ['audit.hash_mismatch'],
    run: (c) =>
      verifyTampered(c, (lines) => {
        const last = JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
        const forged = {
          ...last,
          seq: (last.seq as number) + 1,
          prev: last.hash,
          type: 'readiness.evaluated',
          details: { pass: true },
          hash: 'f'.repeat(64),
        };
        return [...lines, JSON.stringify(forged)];
      }),
  },
];
