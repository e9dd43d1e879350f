import type { ChatDeps } from '../../../jobs/chat-context.js';
import type { Decision } from '../../domain/decision.js';
import { DRILL_ACTOR } from '../../domain/guard.js';

/** Audits a guard decision (actor: the drill runner) and returns it. */
export async function auditDrillDecision(
  chat: ChatDeps,
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
      : { ...details, denials: decision.denials },
  });
  return decision;
}
