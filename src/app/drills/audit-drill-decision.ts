import { auditedDenials, type Decision } from '../../domain/decision.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import type { RequestsDeps } from '../requests/requests-deps.js';

/** Audits a guard decision (actor: the drill runner) and returns it. */
export async function auditDrillDecision(
  chat: RequestsDeps,
  decision: Decision,
  details: Record<string, unknown>,
  requestId: string | null = null,
): Promise<Decision> {
  await chat.audit({
    type: decision.allow ? 'tool.allowed' : 'tool.denied',
    actor: DRILL_ACTOR,
    requestId,
    details: decision.allow
      ? { ...details, notes: decision.notes }
      : { ...details, denials: auditedDenials(decision.denials) },
  });
  return decision;
}
