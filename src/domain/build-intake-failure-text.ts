import { type ChatText, chatTextFromMessage } from './chat-text.js';
import type { IntakeFailureCause } from './classify-intake-failure.js';
import type { Locale } from './i18n/locale.js';
import { message } from './i18n/message.js';

/**
 * The answer a requester gets when Larkgate gives up on their message or rollback (pure): what happened,
 * that nothing was changed (intake only reads and prepares; writes happen after approval, in the live op),
 * and what to do, in the requester's language. Only Larkgate's own words and ids: never the error text.
 */
export function buildIntakeFailureText(
  input: {
    cause: IntakeFailureCause;
    attempts: number;
    /** Set when the job was a rollback (the request id, from Larkgate's own validated job data). */
    rollbackOf?: string | null;
  },
  locale: Locale = 'en_us',
): ChatText {
  const params = {
    happened: message(`reply.intake.cause.${input.cause}`),
    tries: input.attempts === 1 ? message('reply.try') : message('reply.tries', { count: input.attempts }),
  };
  return chatTextFromMessage(
    input.rollbackOf
      ? message('reply.intake.failed_rollback', { ...params, id: input.rollbackOf })
      : message('reply.intake.failed', params),
    locale,
  );
}
