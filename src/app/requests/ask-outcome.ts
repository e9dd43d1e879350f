import type { ChatText } from '../../domain/chat-text.js';
import type { Decision } from '../../domain/decision.js';
import type { GovernedRequest } from '../../domain/governed-request.js';

/**
 * What asking for a change came to, as a value: refused by the guard (the decision, audited), refused
 * before a request could be opened (`code` names why: no such table, a value that does not convert, a
 * person Lark does not know…; `text` says it, with hostile parts inert), opened (its card sent), or not
 * opened because a pending request asks for the same (the asker was pointed at it).
 */
export type AskOutcome =
  | { kind: 'denied'; decision: Decision }
  | { kind: 'refused'; code: string; text: ChatText | string }
  | { kind: 'opened'; request: GovernedRequest }
  | { kind: 'duplicate'; of: string };

export function refused(code: string, text: ChatText | string): AskOutcome {
  return { kind: 'refused', code, text };
}
