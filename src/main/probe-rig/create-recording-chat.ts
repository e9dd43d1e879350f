import type { Sent } from '../../evidence/probe.js';
import type { ChatSender } from '../../ports/chat-sender.js';

/**
 * The rig's chat: records what a handler sends instead of posting it (probes judge what the handlers do,
 * not Lark's IM). A send with a uuid Lark has seen returns the same message id, as Lark's de-dup does.
 */
export function createRecordingChat(sent: Sent[], ids: Map<string, string>): ChatSender {
  const send = (kind: Sent['kind'], to: string, text: string | null, uuid?: string) => {
    sent.push({ kind, to, uuid: uuid ?? null, text });
    const key = uuid ?? `${kind}-${ids.size}-${Math.random()}`;
    let id = ids.get(key);
    if (!id) {
      id = `om_probe_sent_${ids.size + 1}`;
      ids.set(key, id);
    }
    return { messageId: id };
  };
  return {
    sendText: async (chatId, text, options) => send('text', chatId, text.text, options?.uuid),
    replyText: async (messageId, text, options) => send('text', messageId, text.text, options?.uuid),
    sendCard: async (chatId, card, options) => send('card', chatId, JSON.stringify(card), options?.uuid),
    replyCard: async (messageId, card, options) =>
      send('card', messageId, JSON.stringify(card), options?.uuid),
    patchCard: async (messageId, card) => {
      sent.push({ kind: 'patch', to: messageId, uuid: null, text: JSON.stringify(card) });
      return undefined;
    },
  };
}
