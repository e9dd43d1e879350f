import { type ChatText, chatText, chatTextFromLarkgate } from './chat-text.js';
import type { IntakeFailureCause } from './classify-intake-failure.js';

const WHAT_HAPPENED: Record<IntakeFailureCause, string> = {
  base_unavailable: 'Lark Base did not answer',
  base_rate_limited: 'Lark Base kept rate-limiting Larkgate',
  lark_unavailable: 'Lark did not answer',
  lark_refused: "Lark refused Larkgate's access (its app permissions or credentials)",
  audit_unavailable: 'Larkgate could not write its audit log, so it did nothing',
  policy_unavailable: 'Larkgate had no policy loaded',
  worker_stopped: "Larkgate's worker kept stopping while handling it",
  internal: 'Larkgate hit an internal error',
};

/**
 * The answer a requester gets when Larkgate gives up on their message or rollback (pure): what happened,
 * that nothing was changed (intake only reads and prepares; writes happen after approval, in the live op),
 * and what to do. Only Larkgate's own words and ids: never the error text.
 */
export function buildIntakeFailureText(input: {
  cause: IntakeFailureCause;
  attempts: number;
  /** Set when the job was a rollback (the request id, from Larkgate's own validated job data). */
  rollbackOf?: string | null;
}): ChatText {
  const tries = chatTextFromLarkgate(input.attempts === 1 ? '1 try' : `${input.attempts} tries`);
  const what = input.rollbackOf
    ? chatText`I could not prepare the rollback of ${input.rollbackOf}`
    : chatTextFromLarkgate('I could not handle this request');
  const happened = chatTextFromLarkgate(WHAT_HAPPENED[input.cause]);
  return chatText`Sorry, ${what}: ${happened} (gave up after ${tries}). Nothing was changed. Send it again in a few minutes; if it keeps failing, tell the Larkgate on-call.`;
}
