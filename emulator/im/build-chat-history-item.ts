import type { StoredMessage } from './create-im-store.js';
import { renderMentions } from './parse-chat-mentions.js';

/**
 * One message as `GET /__emulator/chats/:chat_id/messages` lists it. `sender` is the user's open_id, or the
 * app's app_id (`cli_…`) with `sender_type: "app"`. `content` is parsed: `{text}` for text (mentions as
 * `@_user_N`, as Lark stores them), the current card JSON for cards; `text` is the text as people read it.
 */
export function buildChatHistoryItem(message: StoredMessage, appId: string): Record<string, unknown> {
  const content = parseContent(message.content);
  const text =
    message.msgType === 'text' && typeof (content as { text?: unknown }).text === 'string'
      ? renderMentions((content as { text: string }).text, message.mentions)
      : null;
  return {
    message_id: message.messageId,
    sender: message.sender.kind === 'app' ? appId : message.sender.openId,
    sender_type: message.sender.kind,
    msg_type: message.msgType,
    content,
    text,
    mentions: message.mentions.map((m) => ({ key: m.key, open_id: m.id, name: m.name })),
    update_count: message.updateCount,
    parent_id: message.parentId ?? null,
    root_id: message.rootId ?? null,
    create_time: message.createTime,
    update_time: message.updateTime,
    // Recalled by the app (`DELETE /open-apis/im/v1/messages/:id`): still listed, as Lark lists it.
    deleted: message.deleted,
  };
}

function parseContent(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}
