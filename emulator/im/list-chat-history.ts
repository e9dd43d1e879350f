import type { StoredMessage } from './create-im-store.js';
import { IM_ERRORS, type ImRefusal, refuse } from './evaluate-message-content.js';
import type { ImContext } from './im-context.js';

/** `page_size` default and maximum (the list page: 1–50, default 20). */
export const HISTORY_PAGE_SIZE = { default: 20, max: 50 } as const;

export type HistoryPage = {
  kind: 'page';
  items: StoredMessage[];
  hasMore: boolean;
  pageToken: string | null;
};

/**
 * `GET /open-apis/im/v1/messages` (https://open.feishu.cn/document/server-docs/im-v1/message/list): a chat's
 * history, paged. Query `container_id_type=chat` (threads are not emulated: 230001), `container_id` (a chat the
 * bot is in: unknown 230001, bot outside 230002), `start_time` / `end_time` (whole **seconds**, inclusive, on
 * create_time), `sort_type` `ByCreateTimeAsc` (default) or `ByCreateTimeDesc`, `page_size` 1–50 (default 20;
 * above 50 or not a number → HTTP 400 99992402, as im/v1 answers page sizes out of range), `page_token` (opaque;
 * another listing's or a mangled one → 230001). Recalled messages stay in place with `deleted: true`.
 */
export function listChatHistory(
  ctx: ImContext,
  query: Record<string, unknown>,
): HistoryPage | (ImRefusal & { httpStatus?: number }) {
  const { container_id_type: type, container_id: chatId } = query;
  if (type !== 'chat') {
    return refuse(IM_ERRORS.invalidParam, 'container_id_type must be chat (threads are not emulated)');
  }
  if (typeof chatId !== 'string' || chatId === '')
    return refuse(IM_ERRORS.invalidParam, 'container_id is required');
  const chat = ctx.store.findChat(chatId);
  if (!chat) return refuse(IM_ERRORS.invalidParam, `invalid container_id: no chat ${chatId}`);
  if (!chat.botMember) return refuse(IM_ERRORS.botNotInChat, 'the bot is not a member of this chat');
  const sort = query.sort_type ?? 'ByCreateTimeAsc';
  if (sort !== 'ByCreateTimeAsc' && sort !== 'ByCreateTimeDesc') {
    return refuse(IM_ERRORS.invalidParam, 'sort_type must be ByCreateTimeAsc or ByCreateTimeDesc');
  }
  const size = query.page_size === undefined ? HISTORY_PAGE_SIZE.default : Number(query.page_size);
  if (!Number.isInteger(size) || size < 1 || size > HISTORY_PAGE_SIZE.max) {
    return { ...refuse(99992402, 'field validation failed'), httpStatus: 400 };
  }
  const bound = (value: unknown, fallback: number): number | null => {
    if (value === undefined || value === '') return fallback;
    const seconds = Number(value);
    return Number.isInteger(seconds) && seconds >= 0 ? seconds * 1000 : null;
  };
  const from = bound(query.start_time, 0);
  const to = bound(query.end_time, Number.POSITIVE_INFINITY);
  if (from === null || to === null) {
    return refuse(IM_ERRORS.invalidParam, 'start_time and end_time are whole seconds');
  }
  const scope = `${chatId}|${sort}|${query.start_time ?? ''}|${query.end_time ?? ''}`;
  let offset = 0;
  if (typeof query.page_token === 'string' && query.page_token !== '') {
    const decoded = decodeToken(query.page_token);
    if (!decoded || decoded.scope !== scope) return refuse(IM_ERRORS.invalidParam, 'invalid page_token');
    offset = decoded.offset;
  }
  const all = ctx.store
    .messagesIn(chatId)
    .filter((message) => message.createTime >= from && message.createTime <= to + 999);
  if (sort === 'ByCreateTimeDesc') all.reverse();
  const items = all.slice(offset, offset + size);
  const hasMore = offset + size < all.length;
  return { kind: 'page', items, hasMore, pageToken: hasMore ? encodeToken(scope, offset + size) : null };
}

function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

function decodeToken(token: string): { scope: string; offset: number } | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      scope?: unknown;
      offset?: unknown;
    };
    if (typeof value.scope !== 'string' || !Number.isInteger(value.offset)) return null;
    return { scope: value.scope, offset: value.offset as number };
  } catch {
    return null;
  }
}
