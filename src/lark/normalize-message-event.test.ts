import { describe, expect, it } from 'vitest';
import { normalizeMessageEvent } from './normalize-message-event.js';

const BOT = 'ou_larkgate_bot';

function mention(key: string, openId: string, name: string) {
  return { key, id: { open_id: openId, union_id: `on_${name}`, user_id: name }, name, tenant_key: 't' };
}

function makeEvent(overrides: { message?: Record<string, unknown>; sender?: unknown } = {}) {
  return {
    sender: overrides.sender ?? { sender_id: { open_id: 'ou_alice', union_id: 'on_a' }, sender_type: 'user' },
    message: {
      message_id: 'om_1',
      root_id: '',
      chat_id: 'oc_requests',
      chat_type: 'group',
      message_type: 'text',
      create_time: '1767225600123',
      content: JSON.stringify({ text: '@_user_1 hello' }),
      mentions: [mention('@_user_1', BOT, 'Larkgate')],
      ...overrides.message,
    },
  };
}

describe('normalizeMessageEvent', () => {
  it('removes the bot mention, replaces user mentions by open_id and keeps @all', () => {
    const event = makeEvent({
      message: {
        content: JSON.stringify({
          text: '@_user_1 update crm/Tasks recAbc Owner=@_user_2 Reviewer=@_user_3 cc @_all ',
        }),
        mentions: [
          mention('@_user_1', BOT, 'Larkgate'),
          mention('@_user_2', 'ou_bob', 'Bob'),
          mention('@_user_3', 'ou_carol', 'Carol'),
        ],
      },
    });

    expect(normalizeMessageEvent(event, { botOpenId: BOT })).toEqual({
      messageId: 'om_1',
      chatId: 'oc_requests',
      chatType: 'group',
      senderOpenId: 'ou_alice',
      messageType: 'text',
      text: 'update crm/Tasks recAbc Owner=ou_bob Reviewer=ou_carol cc @all',
      mentionedBot: true,
      createTimeMs: 1767225600123,
    });
  });

  it('tells @_user_1 from @_user_10', () => {
    const mentions = Array.from({ length: 10 }, (_, i) =>
      mention(`@_user_${i + 1}`, `ou_u${i + 1}`, `U${i + 1}`),
    );
    const event = makeEvent({
      message: { content: JSON.stringify({ text: '@_user_10 @_user_1' }), mentions },
    });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })?.text).toBe('ou_u10 ou_u1');
  });

  it('removes the bot mention in the middle without leaving a double space', () => {
    const event = makeEvent({ message: { content: JSON.stringify({ text: 'hey @_user_1 help' }) } });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })?.text).toBe('hey help');
  });

  it('reads a p2p message without any mention', () => {
    const event = makeEvent({
      message: {
        chat_type: 'p2p',
        chat_id: 'oc_dm',
        content: JSON.stringify({ text: '  get crm/Tasks recAbc ' }),
        mentions: undefined,
      },
    });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })).toMatchObject({
      chatType: 'p2p',
      chatId: 'oc_dm',
      text: 'get crm/Tasks recAbc',
      mentionedBot: false,
    });
  });

  it('does not count a mention of someone else as a mention of the bot', () => {
    const event = makeEvent({
      message: {
        content: JSON.stringify({ text: '@_user_1 look' }),
        mentions: [mention('@_user_1', 'ou_bob', 'Bob')],
      },
    });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })).toMatchObject({
      text: 'ou_bob look',
      mentionedBot: false,
    });
  });

  it('gives text null for a non-text message', () => {
    const event = makeEvent({
      message: { message_type: 'image', content: JSON.stringify({ image_key: 'img_1' }), mentions: [] },
    });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })).toMatchObject({
      messageType: 'image',
      text: null,
      mentionedBot: false,
    });
  });

  it('gives text null when the content is not JSON', () => {
    const event = makeEvent({ message: { content: 'not json' } });
    expect(normalizeMessageEvent(event, { botOpenId: BOT })?.text).toBeNull();
  });

  it.each([
    ['no sender', { sender: {} }],
    ['an unknown chat type', { message: { chat_type: 'topic' } }],
    ['no message id', { message: { message_id: '' } }],
  ])('returns null for an event with %s', (_name, overrides) => {
    expect(normalizeMessageEvent(makeEvent(overrides), { botOpenId: BOT })).toBeNull();
  });

  it('returns null for something that is not an event', () => {
    expect(normalizeMessageEvent('hello', { botOpenId: BOT })).toBeNull();
  });
});
