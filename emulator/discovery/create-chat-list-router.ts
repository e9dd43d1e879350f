import type { Router } from 'express';
import express from 'express';
import { parsePageSize } from '../base/paginate.js';
import { sendData, sendError } from '../platform/lark-response.js';
import type { EmulatorSeed } from '../seed.js';

/**
 * IM v1 chat list with a tenant token: the group chats the bot is in (never p2p chats), `page_size` default
 * 20, at most 100, an opaque `page_token`. Items carry the documented fields; the owner is the first member.
 * A bad page_size or page_token is HTTP 400, 99992402 "field validation failed".
 * https://open.feishu.cn/document/server-docs/group/chat/list
 */
export function createChatListRouter(seed: EmulatorSeed): Router {
  const router = express.Router();
  router.get('/open-apis/im/v1/chats', (req, res) => {
    const size = parsePageSize(req.query.page_size, 100);
    if (size.kind === 'error') {
      sendError(res, 400, 99992402, 'field validation failed: page_size ≤ 100');
      return;
    }
    const groups = seed.chats.filter((chat) => chat.type === 'group' && chat.bot_member);
    const offset = parseOffset(req.query.page_token);
    if (offset === undefined || offset > groups.length) {
      sendError(res, 400, 99992402, 'field validation failed: page_token');
      return;
    }
    const page = groups.slice(offset, offset + size.value);
    const next = offset + page.length;
    const hasMore = next < groups.length;
    sendData(res, {
      items: page.map((chat) => ({
        chat_id: chat.chat_id,
        avatar: '',
        name: chat.name,
        description: '',
        owner_id: chat.members[0] ?? '',
        owner_id_type: 'open_id',
        external: false,
        tenant_key: seed.app.tenant_key,
        chat_status: 'normal',
      })),
      page_token: hasMore ? Buffer.from(`chats:${next}`).toString('base64url') : '',
      has_more: hasMore,
    });
  });
  return router;
}

function parseOffset(token: unknown): number | undefined {
  if (token === undefined || token === '') return 0;
  if (typeof token !== 'string') return undefined;
  const match = /^chats:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
