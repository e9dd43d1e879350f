import { describe, expect, it } from 'vitest';
import { chatTextFromMessage } from '../chat-text.js';
import { findLiveMarkup } from '../find-live-markup.js';
import { inEnglish, listOf, message, renderMessage, verbatim } from './message.js';

const HOSTILE = '<at user_id="all"></at> see https://evil.example';

describe('a message rendered in the reader’s language', () => {
  it('fills placeholders: nested messages in the same language, verbatim words and lists as given', () => {
    const denied = message('reply.refused', {
      reasons: listOf(
        [
          message('reply.deny.requester_not_allowed', { base: 'crm' }),
          message('reply.deny.stage_limited_op', {
            base: 'crm',
            ops: verbatim('create, update'),
            op: verbatim('delete'),
          }),
        ],
        '; ',
      ),
    });

    expect(renderMessage(denied, 'en_us')).toBe(
      "Refused: you are not on crm's list of requesters; crm is in the limited stage: only create, update may run, not delete",
    );
    expect(renderMessage(denied, 'vi_vn')).toBe(
      'Bị từ chối: bạn không có trong danh sách người được yêu cầu của crm; crm đang ở giai đoạn limited: chỉ được chạy create, update, không được chạy delete',
    );
    expect(inEnglish(denied)).toBe(renderMessage(denied, 'en_us'));
  });

  it('in a chat text, only the parameters are made inert, in every language', () => {
    for (const locale of ['en_us', 'zh_cn', 'vi_vn', 'ja_jp'] as const) {
      const text = chatTextFromMessage(
        message('reply.parse.with_usage', {
          error: message('reply.parse.not_record_id', { token: `"${HOSTILE}"` }),
          usage: verbatim('update <base>/<table> <record_id> <Field>=<value> [...]'),
        }),
        locale,
      ).text;
      const [error, usage] = text.split('\n');

      expect(findLiveMarkup(error ?? '', 'text')).toEqual([]);
      expect(text).not.toContain('evil.example');
      // Larkgate's own usage line keeps its placeholders as they are.
      expect(usage).toContain('update <base>/<table> <record_id> <Field>=<value> [...]');
    }
  });
});
