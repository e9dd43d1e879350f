import { auditedDenials, type Decision } from '../../domain/decision.js';
import { listOf, type Message, message } from '../../domain/i18n/message.js';
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
      : { ...details, denials: auditedDenials(decision.denials) },
  });
  return decision;
}

/** A refusal as a message, for a reply in the reader's language: every denial's reason. */
export function denialMessage(decision: Decision): Message {
  const reasons = decision.allow ? [] : decision.denials.map((denial) => denial.reason ?? denial.message);
  return message('reply.refused', { reasons: listOf(reasons, '; ') });
}

/** A refusal in English words (MCP, CLI, logs): every denial's message. */
export function denialText(decision: Decision): string {
  if (decision.allow) return '';
  return `Refused: ${decision.denials.map((denial) => denial.message).join('; ')}`;
}
