import { describe, expect, it } from 'vitest';
import {
  ChatText,
  chatText,
  chatTextFromLarkgate,
  inertChatText,
  joinChatText,
  mentionInChat,
} from './chat-text.js';

describe('chatText', () => {
  it('keeps the literal words and makes every interpolated string inert', () => {
    const table = '<at user_id=all></at>';
    expect(chatText`No table ${table} in ${'crm'}: ask <b>`.text).toBe(
      'No table ‹at user_id=all›‹/at› in crm: ask <b>',
    );
  });

  it('keeps an interpolated ChatText as it is (a mention Larkgate makes)', () => {
    expect(chatText`${mentionInChat('ou_bob')} please look at ${'@all'}`.text).toBe(
      '<at user_id="ou_bob"></at> please look at ＠all',
    );
  });

  it.each([
    ['all', 'all'],
    ['ou_x"></at><at user_id="all', 'ou_x"›‹/at›‹at user_id="all'],
  ])('mentions only a well-formed open_id: %j', (openId, shown) => {
    expect(mentionInChat(openId).text).toBe(shown);
  });

  it('inertChatText, joinChatText and chatTextFromLarkgate', () => {
    expect(inertChatText('[x](http://e.example)').text).toBe('［x］(http∶//e․example)');
    expect(joinChatText(['a@b.co', chatTextFromLarkgate('<base>')], ' · ').text).toBe('a＠b․co · <base>');
    expect(chatTextFromLarkgate('update <base>/<table>')).toBeInstanceOf(ChatText);
  });
});
