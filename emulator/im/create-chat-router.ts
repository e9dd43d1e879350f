import type { Response, Router } from 'express';
import express from 'express';
import { sendData, sendError } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';
import type { ImChat, ImStore, ImUser } from './create-im-store.js';

const ID_TYPES = ['open_id', 'union_id', 'user_id'] as const;
type IdType = (typeof ID_TYPES)[number];
const PAGE = { default: 20, max: 100 } as const;

/**
 * Chats as the app sees them, from the seed (docs/emulator.md, "Chats"): `GET /open-apis/im/v1/chats` lists the
 * groups the bot is in (https://open.feishu.cn/document/server-docs/group/chat/list: "the groups the user or
 * bot is in"; a chat without the bot, and one-to-one chats, are not listed); `GET /chats/:chat_id` reads one;
 * `GET /chats/:chat_id/members` its people (bots are not listed). Errors as the chat pages give them, HTTP 400:
 * 232006 invalid chat_id, 232011 the operator (the bot) is not in the chat, 232015 a bad member/user id type,
 * 232001 a bad parameter; page sizes above 100 → HTTP 400 99992402.
 */
export function createChatRouter(seed: EmulatorSeed, store: ImStore): Router {
  const router = express.Router();
  const tenantKey = seed.app.tenant_key;
  const idOf = (user: ImUser | undefined, type: IdType) =>
    user === undefined
      ? ''
      : type === 'open_id'
        ? user.openId
        : type === 'union_id'
          ? user.unionId
          : user.userId;
  const owner = (chat: ImChat) => store.findUser('open_id', chat.members[0] ?? '');

  router.get('/open-apis/im/v1/chats', (req, res) => {
    const idType = readIdType(req.query.user_id_type, res);
    if (!idType) return;
    const groups = store.chats().filter((chat) => chat.botMember && chat.type === 'group');
    const page = readPage(req.query, groups, `chats|${idType}`, res);
    if (!page) return;
    sendData(res, {
      items: page.items.map((chat) => ({
        chat_id: chat.chatId,
        avatar: '',
        name: chat.name,
        description: '',
        owner_id: idOf(owner(chat), idType),
        owner_id_type: idType,
        external: false,
        tenant_key: tenantKey,
        chat_status: 'normal',
      })),
      page_token: page.pageToken ?? '',
      has_more: page.hasMore,
    });
  });

  router.get('/open-apis/im/v1/chats/:chat_id', (req, res) => {
    const idType = readIdType(req.query.user_id_type, res);
    if (!idType) return;
    const chat = visibleChat(String(req.params.chat_id), res);
    if (!chat) return;
    sendData(res, {
      avatar: '',
      name: chat.name,
      description: '',
      i18n_names: {},
      add_member_permission: 'all_members',
      share_card_permission: 'allowed',
      at_all_permission: 'all_members',
      edit_permission: 'all_members',
      owner_id_type: idType,
      owner_id: idOf(owner(chat), idType),
      chat_mode: chat.type === 'p2p' ? 'p2p' : 'group',
      chat_type: 'private',
      chat_tag: 'inner',
      join_message_visibility: 'all_members',
      leave_message_visibility: 'all_members',
      membership_approval: 'no_approval_required',
      moderation_permission: 'all_members',
      external: false,
      tenant_key: tenantKey,
      user_count: String(chat.members.length),
      bot_count: '1',
    });
  });

  router.get('/open-apis/im/v1/chats/:chat_id/members', (req, res) => {
    const idType = readIdType(req.query.member_id_type, res);
    if (!idType) return;
    const chat = visibleChat(String(req.params.chat_id), res);
    if (!chat) return;
    const members = chat.members.map((openId) => store.findUser('open_id', openId));
    const page = readPage(req.query, members, `members|${chat.chatId}|${idType}`, res);
    if (!page) return;
    sendData(res, {
      items: page.items.map((user) => ({
        member_id_type: idType,
        member_id: idOf(user, idType),
        name: user?.name ?? '',
        tenant_key: tenantKey,
      })),
      page_token: page.pageToken ?? '',
      has_more: page.hasMore,
      member_total: chat.members.length,
    });
  });

  function visibleChat(chatId: string, res: Response): ImChat | undefined {
    const chat = store.findChat(chatId);
    if (!chat) {
      sendError(res, 400, 232006, 'Your request specifies a chat_id which is invalid.');
      return undefined;
    }
    if (!chat.botMember) {
      sendError(res, 400, 232011, 'Operator can NOT be out of the chat.');
      return undefined;
    }
    return chat;
  }
  return router;
}

function readIdType(value: unknown, res: Response): IdType | undefined {
  const type = value ?? 'open_id';
  if (ID_TYPES.includes(type as IdType)) return type as IdType;
  sendError(res, 400, 232015, 'Your request specifies a member_id_type which is NOT supported.');
  return undefined;
}

function readPage<T>(
  query: Record<string, unknown>,
  all: T[],
  scope: string,
  res: Response,
): { items: T[]; hasMore: boolean; pageToken: string | null } | undefined {
  const size = query.page_size === undefined ? PAGE.default : Number(query.page_size);
  if (!Number.isInteger(size) || size < 1 || size > PAGE.max) {
    sendError(res, 400, 99992402, 'field validation failed');
    return undefined;
  }
  let offset = 0;
  if (typeof query.page_token === 'string' && query.page_token !== '') {
    const [tokenScope, at] = Buffer.from(query.page_token, 'base64url').toString('utf8').split('#');
    offset = Number(at);
    if (tokenScope !== scope || !Number.isInteger(offset) || offset < 0) {
      sendError(res, 400, 232001, 'Your request contains an invalid request parameter.');
      return undefined;
    }
  }
  const hasMore = offset + size < all.length;
  return {
    items: all.slice(offset, offset + size),
    hasMore,
    pageToken: hasMore ? Buffer.from(`${scope}#${offset + size}`).toString('base64url') : null,
  };
}
