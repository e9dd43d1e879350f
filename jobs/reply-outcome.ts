import type { AskOutcome } from '../src/app/requests/ask-outcome.js';
import { denialMessage } from '../src/app/requests/audit-decision.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { reply } from './chat-context.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * Answers a chat ask with what it came to: a refusal in its thread (the purpose keys the reply's uuid, so a
 * retried job does not answer twice). An opened request has its card already; a duplicate its pointer.
 */
export async function replyOutcome(
  outcome: AskOutcome,
  message: IncomingMessage,
  deps: Pick<RequestsDeps, 'chat' | 'policy'>,
): Promise<void> {
  if (outcome.kind === 'denied') return reply(deps, message, 'denied', denialMessage(outcome.decision));
  if (outcome.kind === 'refused') return reply(deps, message, outcome.code, outcome.text);
}
