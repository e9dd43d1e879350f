import type { Logger } from 'pino';
import { uuidFor } from '../src/app/requests/uuid-for.js';
import { buildIntakeFailureText } from '../src/domain/build-intake-failure-text.js';
import { classifyIntakeFailure, type IntakeFailureFacts } from '../src/domain/classify-intake-failure.js';
import type { Locale } from '../src/domain/i18n/locale.js';
import type { Audit } from '../src/ports/audit.js';
import type { ChatSender } from '../src/ports/chat-sender.js';
import type { IntakeAnswerMarks } from '../src/ports/intake-answer-marks.js';
import type { IntakeJob } from './queue-names.js';

/** An intake job BullMQ has given up on (it is in the failed set: no retry will come). */
export type FailedIntake = {
  jobId: string;
  data: IntakeJob;
  attempts: number;
  facts: IntakeFailureFacts;
  /** Who found it: the worker's failed hook at once, or the sweeper (the worker died before answering). */
  foundBy: 'worker' | 'sweeper';
};

export type AnswerFailedIntakeDeps = {
  chat: ChatSender;
  audit: Audit;
  marks: IntakeAnswerMarks;
  logger: Logger;
  /** The language the requester reads replies in (config `chats.locale` / `user_locales`); default en_us. */
  localeOf?: (requester: string) => Locale;
};

/**
 * Every request gets an answer (issue 11 item 5): a final failure replies in the thread of the message
 * that asked with what happened and what to do (never the error text), then audits `intake.failed`,
 * which the monitor counts (`burst.failed_intake` pages). Both steps are marked, so the worker's hook and
 * the sweeper, whichever comes first or comes back after a crash, do each once; the reply's uuid makes a
 * repeat within Lark's hour a no-op. A reply Lark does not take throws: the job stays unanswered and the
 * next sweep tries again, so an answer comes after the outage too.
 */
export async function answerFailedIntake(
  failed: FailedIntake,
  deps: AnswerFailedIntakeDeps,
): Promise<'answered' | 'already' | 'busy'> {
  if (!(await deps.marks.claim(failed.jobId))) return 'busy';
  try {
    const [state] = await deps.marks.states([failed.jobId]);
    if (state === 'done') return 'already';
    const target = targetOf(failed.data);
    if (!target) {
      // An over-limit notice that could not be sent: it was itself the answer; nothing more to say.
      deps.logger.warn({ jobId: failed.jobId }, 'an intake notice could not be sent');
      await deps.marks.mark(failed.jobId, 'done');
      return 'answered';
    }
    const cause = classifyIntakeFailure(failed.facts);
    const attempts = Math.max(1, failed.attempts);
    if (state !== 'replied') {
      const locale = deps.localeOf?.(target.requester) ?? 'en_us';
      const text = buildIntakeFailureText({ cause, attempts, rollbackOf: target.rollbackOf }, locale);
      await deps.chat.replyText(target.messageId, text, {
        uuid: uuidFor(target.messageId, 'gaveup'),
        chatId: target.chatId,
      });
      await deps.marks.mark(failed.jobId, 'replied');
    }
    await deps.audit({
      type: 'intake.failed',
      actor: target.requester,
      requestId: target.rollbackOf,
      details: {
        job_id: failed.jobId,
        job: 'rollback' in failed.data ? 'rollback' : 'message',
        message_id: target.messageId,
        chat_id: target.chatId,
        attempts,
        cause,
        // Which Lark call and how Lark failed (our own vocabulary), never Lark's message text.
        ...(failed.facts.endpointId ? { endpoint: failed.facts.endpointId } : {}),
        ...(failed.facts.kind ? { lark_error: failed.facts.kind } : {}),
        found_by: failed.foundBy,
        answered: true,
      },
    });
    await deps.marks.mark(failed.jobId, 'done');
    return 'answered';
  } finally {
    await deps.marks.release(failed.jobId).catch(() => undefined);
  }
}

function targetOf(data: IntakeJob) {
  if ('message' in data)
    return {
      messageId: data.message.messageId,
      chatId: data.message.chatId,
      requester: data.message.senderOpenId,
      rollbackOf: null,
    };
  if ('rollback' in data)
    return {
      messageId: data.rollback.sourceMessageId,
      chatId: data.rollback.chatId,
      requester: data.rollback.requester,
      rollbackOf: data.rollback.requestId,
    };
  return null;
}
