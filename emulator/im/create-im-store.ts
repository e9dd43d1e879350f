import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorSeed } from '../seed.js';
import type { MessageMention } from './parse-at-tags.js';

export type ImUser = {
  openId: string;
  unionId: string;
  userId: string;
  name: string;
  email?: string;
  mobile?: string;
};

export type ImChat = {
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
  /** Users' open_ids; the bot is tracked by `botMember`. */
  members: string[];
  botMember: boolean;
};

export type MessageSender = { kind: 'app' } | { kind: 'user'; openId: string };

export type StoredMessage = {
  messageId: string;
  chatId: string;
  msgType: string;
  /** Lark's `body.content`: a JSON string (text with `@_user_N` placeholders, or the card's current version). */
  content: string;
  sender: MessageSender;
  mentions: MessageMention[];
  createTime: number;
  updateTime: number;
  updateCount: number;
  parentId: string | undefined;
  rootId: string | undefined;
  /** Recalled (`DELETE /messages/:id`): still listed, with `deleted: true` and its content gone. */
  deleted: boolean;
};

export type NewMessage = Omit<
  StoredMessage,
  'messageId' | 'createTime' | 'updateTime' | 'updateCount' | 'deleted'
>;

/** How long a send's `uuid` de-duplicates (docs/reference/lark-api.md §3.1: 1 h). */
export const UUID_DEDUP_MS = 60 * 60 * 1000;

export type ImStore = {
  users(): ImUser[];
  findUser(idType: 'open_id' | 'user_id' | 'union_id', id: string): ImUser | undefined;
  chats(): ImChat[];
  findChat(chatId: string): ImChat | undefined;
  /** The one-to-one chat between the bot and a user, created on first use as Lark does. */
  p2pChatWith(user: ImUser): ImChat;
  addMessage(message: NewMessage): StoredMessage;
  findMessage(messageId: string): StoredMessage | undefined;
  /** Every message in a chat, oldest first. */
  messagesIn(chatId: string): StoredMessage[];
  updateContent(message: StoredMessage, content: string): void;
  /** The message a `uuid` produced within the last hour, if any. */
  findByUuid(uuid: string): StoredMessage | undefined;
  rememberUuid(uuid: string, message: StoredMessage): void;
  /** Marks a message recalled. */
  recall(message: StoredMessage): void;
  /** Keeps an uploaded image; returns its `image_key`. */
  addImage(bytes: Buffer): string;
  hasImage(imageKey: string): boolean;
};

/** In-memory IM state seeded from the seed file. One per emulator; nothing is shared between emulators. */
export function createImStore(seed: EmulatorSeed, clock: () => number): ImStore {
  const users: ImUser[] = seed.users.map((user) => ({
    openId: user.open_id,
    unionId: user.union_id ?? derivedId('on_', user.open_id, 32),
    userId: user.user_id ?? derivedId('', user.open_id, 8),
    name: user.name,
    ...(user.email ? { email: user.email } : {}),
    ...(user.mobile ? { mobile: user.mobile } : {}),
  }));
  const chats = new Map<string, ImChat>(
    seed.chats.map((chat) => [
      chat.chat_id,
      {
        chatId: chat.chat_id,
        name: chat.name,
        type: chat.type,
        members: [...chat.members],
        botMember: chat.bot_member,
      },
    ]),
  );
  const messages = new Map<string, StoredMessage>();
  const byChat = new Map<string, StoredMessage[]>();
  const uuids = new Map<string, { message: StoredMessage; at: number }>();
  const images = new Map<string, Buffer>();

  return {
    users: () => users,
    findUser(idType, id) {
      if (idType === 'open_id') return users.find((u) => u.openId === id);
      if (idType === 'user_id') return users.find((u) => u.userId === id);
      return users.find((u) => u.unionId === id);
    },
    chats: () => [...chats.values()],
    findChat: (chatId) => chats.get(chatId),
    p2pChatWith(user) {
      for (const chat of chats.values()) {
        if (chat.type === 'p2p' && chat.members.includes(user.openId)) return chat;
      }
      const chat: ImChat = {
        chatId: derivedId('oc_', `${seed.app.app_id}/${user.openId}`, 32),
        name: user.name,
        type: 'p2p',
        members: [user.openId],
        botMember: true,
      };
      chats.set(chat.chatId, chat);
      return chat;
    },
    addMessage(input) {
      const now = clock();
      const message: StoredMessage = {
        ...input,
        messageId: `om_${randomBytes(16).toString('hex')}`,
        createTime: now,
        updateTime: now,
        updateCount: 0,
        deleted: false,
      };
      messages.set(message.messageId, message);
      const list = byChat.get(message.chatId) ?? [];
      list.push(message);
      byChat.set(message.chatId, list);
      return message;
    },
    findMessage: (messageId) => messages.get(messageId),
    messagesIn: (chatId) => [...(byChat.get(chatId) ?? [])],
    updateContent(message, content) {
      message.content = content;
      message.updateCount += 1;
      message.updateTime = clock();
    },
    findByUuid(uuid) {
      const entry = uuids.get(uuid);
      if (!entry) return undefined;
      if (clock() - entry.at >= UUID_DEDUP_MS) {
        uuids.delete(uuid);
        return undefined;
      }
      return entry.message;
    },
    rememberUuid(uuid, message) {
      uuids.set(uuid, { message, at: clock() });
    },
    recall(message) {
      message.deleted = true;
      message.updateTime = clock();
    },
    addImage(bytes) {
      // Lark's keys look like img_v2_<uuid>; an app may send the images it uploaded.
      const key = `img_v2_${randomUUID().slice(0, -1)}g`;
      images.set(key, bytes);
      return key;
    },
    hasImage: (imageKey) => images.has(imageKey),
  };
}

/** Stable ids for things the seed leaves out, so the same seed always yields the same ids. */
function derivedId(prefix: string, from: string, length: number): string {
  return `${prefix}${createHash('sha256').update(from).digest('hex').slice(0, length)}`;
}
