import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../src/ports/audit.js';
import type { IntakeAnswerMarks } from '../src/ports/intake-answer-marks.js';
import {
  type AnswerFailedIntakeDeps,
  answerFailedIntake,
  type FailedIntake,
} from './answer-failed-intake.js';
import { readFailureFacts } from './read-failure-facts.js';
import { sweepFailedIntake } from './sweep-failed-intake.js';

const HOSTILE =
  'Lark bitable.record.batch_get failed: transient (HTTP 500, code none: <at user_id="all"></at> token=s3cr3t)';

function failedJob(overrides: Partial<FailedIntake> = {}): FailedIntake {
  return {
    jobId: 'msg-om_1',
    data: {
      message: {
        eventId: 'ev_1',
        messageId: 'om_1',
        chatId: 'oc_requests',
        chatType: 'group',
        senderOpenId: 'ou_alice',
        text: '@Larkgate get crm/Tasks recTask0001',
        mentionedBot: true,
        createTimeMs: 0,
      },
    },
    attempts: 5,
    facts: readFailureFacts(
      {},
      Object.assign(new Error(HOSTILE), {
        name: 'LarkApiError',
        endpointId: 'bitable.record.batch_get',
        kind: 'transient',
      }),
    ),
    foundBy: 'worker',
    ...overrides,
  };
}

/** In-memory marks, a chat that records replies (or fails while `down`), an audit that records events. */
function world() {
  const marks = new Map<string, 'replied' | 'done'>();
  const claims = new Set<string>();
  const replies: { messageId: string; text: string; uuid?: string }[] = [];
  const audited: AuditInput[] = [];
  const state = { larkDown: false, auditDown: false };
  const fakeMarks: IntakeAnswerMarks = {
    async claim(jobId) {
      if (claims.has(jobId)) return false;
      claims.add(jobId);
      return true;
    },
    async release(jobId) {
      claims.delete(jobId);
    },
    async states(jobIds) {
      return jobIds.map((id) => marks.get(id) ?? null);
    },
    async mark(jobId, value) {
      marks.set(jobId, value);
    },
  };
  const deps: AnswerFailedIntakeDeps = {
    marks: fakeMarks,
    logger: pino({ level: 'silent' }),
    chat: {
      async replyText(messageId, text, options) {
        if (state.larkDown) throw new Error('Lark im.message.reply failed: transient (HTTP 503)');
        replies.push({ messageId, text: text.text, ...(options?.uuid ? { uuid: options.uuid } : {}) });
        return { messageId: `om_reply_${replies.length}` };
      },
      sendText: async () => ({ messageId: 'x' }),
      sendCard: async () => ({ messageId: 'x' }),
      replyCard: async () => ({ messageId: 'x' }),
      patchCard: async () => undefined,
    },
    audit: async (input) => {
      if (state.auditDown) throw new Error('audit unavailable');
      audited.push(input);
    },
  };
  return { deps, replies, audited, state, claims };
}

describe('answerFailedIntake', () => {
  it('replies in the thread with what happened and what to do, never the error text, and audits intake.failed', async () => {
    const w = world();

    expect(await answerFailedIntake(failedJob(), w.deps)).toBe('answered');

    expect(w.replies).toEqual([
      {
        messageId: 'om_1',
        uuid: 'gaveup-om_1',
        text: expect.stringMatching(
          /^Sorry, I could not handle this request: Lark Base did not answer \(gave up after 5 tries\)\. Nothing was changed\./,
        ),
      },
    ]);
    expect(JSON.stringify([w.replies, w.audited])).not.toMatch(/s3cr3t|<at|HTTP 500/);
    expect(w.audited).toEqual([
      {
        type: 'intake.failed',
        actor: 'ou_alice',
        requestId: null,
        details: {
          job_id: 'msg-om_1',
          job: 'message',
          message_id: 'om_1',
          chat_id: 'oc_requests',
          attempts: 5,
          cause: 'base_unavailable',
          endpoint: 'bitable.record.batch_get',
          lark_error: 'transient',
          found_by: 'worker',
          answered: true,
        },
      },
    ]);
    expect(w.claims.size).toBe(0);
  });

  it('answers once: the sweeper coming after the hook, or a second hook, does nothing', async () => {
    const w = world();
    await answerFailedIntake(failedJob(), w.deps);

    expect(await answerFailedIntake(failedJob({ foundBy: 'sweeper' }), w.deps)).toBe('already');
    expect(
      await sweepFailedIntake({ ...w.deps, listFailed: async () => [failedJob({ foundBy: 'sweeper' })] }),
    ).toBe(0);
    expect(w.replies).toHaveLength(1);
    expect(w.audited).toHaveLength(1);
  });

  it('while another answerer holds the job, stays out', async () => {
    const w = world();
    await w.deps.marks.claim('msg-om_1');

    expect(await answerFailedIntake(failedJob(), w.deps)).toBe('busy');
    expect(w.replies).toEqual([]);
  });

  it('when Lark does not take the reply, the job stays unanswered and a later sweep answers it', async () => {
    const w = world();
    w.state.larkDown = true;

    await expect(answerFailedIntake(failedJob(), w.deps)).rejects.toThrow(/im.message.reply/);
    expect(
      await sweepFailedIntake({
        ...w.deps,
        listFailed: async () => [
          failedJob({ foundBy: 'sweeper' }),
          failedJob({ jobId: 'msg-om_2', foundBy: 'sweeper' }),
        ],
      }),
    ).toBe(0);
    w.state.larkDown = false;
    const answered = await sweepFailedIntake({
      ...w.deps,
      listFailed: async () => [failedJob({ foundBy: 'sweeper' })],
    });

    expect(answered).toBe(1);
    expect(w.replies).toHaveLength(1);
    expect(w.audited.map((event) => event.details.found_by)).toEqual(['sweeper']);
  });

  it('a reply sent but not audited is audited later without a second reply', async () => {
    const w = world();
    w.state.auditDown = true;

    await expect(answerFailedIntake(failedJob(), w.deps)).rejects.toThrow(/audit/);
    w.state.auditDown = false;
    await answerFailedIntake(failedJob({ foundBy: 'sweeper' }), w.deps);

    expect(w.replies).toHaveLength(1);
    expect(w.audited).toHaveLength(1);
  });

  it('a rollback ask is answered on the message it came from, naming the request', async () => {
    const w = world();
    const rollback = failedJob({
      jobId: 'rb-om_card',
      data: {
        rollback: {
          requestId: 'req_abcdefghijkl',
          requester: 'ou_bob',
          chatId: 'oc_requests',
          chatType: 'group',
          sourceMessageId: 'om_card',
          triggerId: 'om_card',
        },
      },
      facts: { name: 'AuditUnavailableError' },
    });

    await answerFailedIntake(rollback, w.deps);

    expect(w.replies[0]?.messageId).toBe('om_card');
    expect(w.replies[0]?.text).toContain('rollback of req_abcdefghijkl');
    expect(w.audited[0]).toMatchObject({
      actor: 'ou_bob',
      requestId: 'req_abcdefghijkl',
      details: { job: 'rollback', cause: 'audit_unavailable' },
    });
  });
});

describe('readFailureFacts from what BullMQ stored (the sweeper has no error object)', () => {
  it.each([
    [
      'a Lark error: endpoint and kind, no message text',
      { failedReason: HOSTILE, stacktrace: [`LarkApiError: ${HOSTILE}\n    at x`] },
      { name: 'LarkApiError', endpointId: 'bitable.record.batch_get', kind: 'transient', stalled: false },
    ],
    [
      'an audit failure',
      {
        failedReason: 'no audit sink took the event',
        stacktrace: ['AuditUnavailableError: no audit sink took the event'],
      },
      { name: 'AuditUnavailableError', stalled: false },
    ],
    [
      'a job that stalled too often (no stack)',
      { failedReason: 'job stalled more than allowable limit', stacktrace: [] },
      { name: 'Error', stalled: true },
    ],
  ])('%s', (_name, stored, facts) => {
    expect(readFailureFacts(stored)).toEqual(facts);
  });
});
