import { describe, expect, it } from 'vitest';
import { chatText } from '../domain/chat-text.js';
import type { Messenger } from '../ports/messenger.js';
import { createPacedMessenger } from './create-paced-messenger.js';

function fakeMessenger(calls: string[]): Messenger {
  const sent = async (what: string) => {
    calls.push(what);
    return { messageId: 'om_x' };
  };
  return {
    sendText: (chatId) => sent(`send ${chatId}`),
    sendCard: (chatId) => sent(`card ${chatId}`),
    replyText: (messageId) => sent(`reply ${messageId}`),
    replyCard: (messageId) => sent(`replycard ${messageId}`),
    patchCard: async (messageId) => {
      calls.push(`patch ${messageId}`);
    },
    getBotInfo: async () => ({ openId: 'ou_bot', appName: 'Larkgate' }),
  };
}

describe('createPacedMessenger', () => {
  it('takes a per-chat slot before every send and reply into a chat, and a per-message slot before a card update', async () => {
    const calls: string[] = [];
    const pacer = {
      acquire: async (endpointId: string, scope?: string) => {
        calls.push(`slot ${endpointId} ${scope}`);
      },
    };
    const messenger = createPacedMessenger(fakeMessenger(calls), pacer);

    await messenger.sendText('oc_a', chatText`hi`);
    await messenger.replyCard('om_q', {}, { uuid: 'u1', chatId: 'oc_b' });
    await messenger.patchCard('om_card', {});

    expect(calls).toEqual([
      'slot im.per_chat oc_a',
      'send oc_a',
      'slot im.per_chat oc_b',
      'replycard om_q',
      'slot im.per_message_patch om_card',
      'patch om_card',
    ]);
  });
});
