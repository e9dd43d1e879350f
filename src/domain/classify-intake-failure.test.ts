import { describe, expect, it } from 'vitest';
import { buildIntakeFailureText } from './build-intake-failure-text.js';
import {
  classifyIntakeFailure,
  type IntakeFailureCause,
  type IntakeFailureFacts,
} from './classify-intake-failure.js';

describe('classifyIntakeFailure', () => {
  it.each<[string, IntakeFailureFacts, IntakeFailureCause]>([
    [
      'a Base read Lark did not answer',
      { name: 'LarkApiError', endpointId: 'bitable.record.batch_get', kind: 'transient' },
      'base_unavailable',
    ],
    [
      'a Base read throttled',
      { name: 'LarkApiError', endpointId: 'bitable.table.list', kind: 'rate_limited' },
      'base_rate_limited',
    ],
    [
      'the reply itself',
      { name: 'LarkApiError', endpointId: 'im.message.reply', kind: 'transient' },
      'lark_unavailable',
    ],
    [
      'a permission error',
      { name: 'LarkApiError', endpointId: 'bitable.table.list', kind: 'permission' },
      'lark_refused',
    ],
    ['both audit sinks down', { name: 'AuditUnavailableError' }, 'audit_unavailable'],
    ['no policy', { name: 'PolicyUnavailableError' }, 'policy_unavailable'],
    ['stalled too often', { name: 'Error', stalled: true }, 'worker_stopped'],
    ['anything else', { name: 'TypeError' }, 'internal'],
  ])('%s', (_name, facts, cause) => {
    expect(classifyIntakeFailure(facts)).toBe(cause);
  });
});

describe('buildIntakeFailureText', () => {
  it('says what happened, that nothing changed and what to do', () => {
    expect(buildIntakeFailureText({ cause: 'base_unavailable', attempts: 5 }).text).toBe(
      'Sorry, I could not handle this request: Lark Base did not answer (gave up after 5 tries). ' +
        'Nothing was changed. Send it again in a few minutes; if it keeps failing, tell the Larkgate on-call.',
    );
  });

  it('names the request a rollback was asked for', () => {
    expect(
      buildIntakeFailureText({ cause: 'audit_unavailable', attempts: 1, rollbackOf: 'req_abcdefghijkl' })
        .text,
    ).toMatch(
      /^Sorry, I could not prepare the rollback of req_abcdefghijkl: Larkgate could not write its audit log, so it did nothing \(gave up after 1 try\)\./,
    );
  });
});
