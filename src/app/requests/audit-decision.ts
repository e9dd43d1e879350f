import type { Decision } from '../../domain/decision.js';
import type { Audit } from '../../ports/audit.js';

/** Audits a guard decision (every decision is audited) and returns it. */
export async function auditDecision(
  deps: { audit: Audit },
  decision: Decision,
  actor: string,
  details: Record<string, unknown>,
  requestId: string | null = null,
): Promise<Decision> {
  await deps.audit({
    type: decision.allow ? 'tool.allowed' : 'tool.denied',
    actor,
    requestId,
    details: decision.allow
      ? { ...details, notes: decision.notes }
      : { ...details, denials: decision.denials },
  });
  return decision;
}

/** A refusal in words: every denial's message. */
export function denialText(decision: Decision): string {
  if (decision.allow) return '';
  return `Refused: ${decision.denials.map((denial) => denial.message).join('; ')}`;
}
