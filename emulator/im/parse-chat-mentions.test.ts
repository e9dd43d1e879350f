import { describe, expect, it } from 'vitest';
import { parseAtTags } from './parse-at-tags.js';
import { type MentionTarget, parseChatMentions, renderMentions } from './parse-chat-mentions.js';

const person = (name: string, openId: string): MentionTarget => ({
  name,
  openId,
  unionId: `on_${openId}`,
  userId: '',
});
const targets = [person('Larkgate', 'ou_bot'), person('Ann', 'ou_ann'), person('Ann Lee', 'ou_annlee')];

describe('parseChatMentions', () => {
  it.each([
    ['@Larkgate update x', '@_user_1 update x', ['ou_bot']],
    ['@Ann Lee and @Ann', '@_user_1 and @_user_2', ['ou_annlee', 'ou_ann']],
    ['@ann lee, hi', '@_user_1, hi', ['ou_annlee']],
    ['@Annabel is not Ann', '@Annabel is not Ann', []],
    ['mail ann@Larkgate.example', 'mail ann@Larkgate.example', []],
    ['@Larkgate @Larkgate', '@_user_1 @_user_2', ['ou_bot', 'ou_bot']],
    ['@Nobody here', '@Nobody here', []],
  ])('%s', (input, text, openIds) => {
    const parsed = parseChatMentions(input, targets);
    expect(parsed.text).toBe(text);
    expect(parsed.mentions.map((m) => m.target.openId)).toEqual(openIds);
    expect(parsed.mentions.map((m) => m.key)).toEqual(openIds.map((_, i) => `@_user_${i + 1}`));
  });

  it('renders the names back for readers', () => {
    const parsed = parseChatMentions('@Ann Lee hi @Larkgate', targets);
    const names = parsed.mentions.map((m) => ({ key: m.key, name: m.target.name }));
    expect(renderMentions(parsed.text, names)).toBe('@Ann Lee hi @Larkgate');
  });
});

describe('parseAtTags', () => {
  const users = [{ openId: 'ou_alice', userId: 'alice01', name: 'Alice' }];

  it('turns at tags into placeholders and flat mentions, taking the seed name', () => {
    const parsed = parseAtTags('hi <at user_id="ou_alice">Al</at> and <at user_id="alice01"></at>', users);
    expect(parsed.text).toBe('hi @_user_1 and @_user_2');
    expect(parsed.mentions).toEqual([
      { key: '@_user_1', id: 'ou_alice', idType: 'open_id', name: 'Alice' },
      { key: '@_user_2', id: 'ou_alice', idType: 'open_id', name: 'Alice' },
    ]);
  });

  it('turns @all into @_all with no mention entry, and keeps unknown ids with their tag name', () => {
    const parsed = parseAtTags('<at user_id="all"></at> see <at user_id="ou_zed">Zed</at>', users);
    expect(parsed.text).toBe('@_all see @_user_1');
    expect(parsed.mentions).toEqual([{ key: '@_user_1', id: 'ou_zed', idType: 'open_id', name: 'Zed' }]);
  });
});

describe('parseAtTags reads every form of the tag', () => {
  const users = [{ openId: 'ou_carol', userId: 'carol01', name: 'Carol' }];

  it.each([
    ['<at user_id=all></at>', '@_all', []],
    ['<at user_id="all"></at>', '@_all', []],
    ["<at user_id='all'></at>", '@_all', []],
    ['<AT USER_ID=ALL></AT>', '@_all', []],
    ['< at  user_id = all >< / at >', '@_all', []],
    ['<at user_id=all/>', '@_all', []],
    ['<at id=all></at>', '@_all', []],
    ['<at open_id=ou_carol></at>', '@_user_1', ['ou_carol']],
    ['<at id=carol01>x</at>', '@_user_1', ['ou_carol']],
    ['<at union_id=on_z></at>', '@_user_1', ['on_z']],
    ['<at email=ceo@corp.example></at>', '@_user_1', ['ceo@corp.example']],
    ['<at ids=ou_carol,ou_dan></at>', '@_user_1 @_user_2', ['ou_carol', 'ou_dan']],
    ['<at\tuser_id="ou_carol"\n>C</at\n>', '@_user_1', ['ou_carol']],
  ])('%j → %j', (input, text, ids) => {
    const parsed = parseAtTags(input, users);
    expect(parsed.text).toBe(text);
    expect(parsed.mentions.map((m) => m.id)).toEqual(ids);
  });

  it.each(['‹at user_id=all›‹/at›', '<b>bold</b>', '<at>x</at>', 'a < at b', '&lt;at id=all&gt;'])(
    'leaves %j as text',
    (input) => {
      expect(parseAtTags(input, users)).toEqual({ text: input, mentions: [] });
    },
  );
});
