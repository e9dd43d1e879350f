import type { Request, RequestHandler, Response, Router } from 'express';
import express from 'express';
import { isLoopbackAddress } from '../platform/is-loopback-address.js';
import { buildChatHistoryItem } from './build-chat-history-item.js';
import type { ImContext } from './im-context.js';
import type { MentionTarget } from './parse-chat-mentions.js';
import { type ControlReply, fail, postUserMessage } from './post-user-message.js';
import { relayCardClick } from './relay-card-click.js';

// A 1×1 transparent PNG, so the bot's avatar_url resolves.
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * The chat half of the control API (docs/product.md §8), mounted under `/__emulator`, loopback only:
 * chats and their messages, card clicks, and the log of pushes to the bot.
 */
export function createImControlRouter(ctx: ImContext, bot: MentionTarget): Router {
  const router = express.Router();
  const appId = ctx.seed.app.app_id;

  router.get('/chats', loopbackOnly, (_req, res) => {
    res.json({
      items: ctx.store.chats().map((chat) => ({
        chat_id: chat.chatId,
        name: chat.name,
        type: chat.type,
        members: chat.members,
        bot_member: chat.botMember,
      })),
    });
  });

  router.post('/chats/:chat_id/messages', loopbackOnly, (req, res) => {
    reply(res, postUserMessage(ctx, bot, String(req.params.chat_id), req.body));
  });

  router.get('/chats/:chat_id/messages', loopbackOnly, (req, res) => {
    const chatId = String(req.params.chat_id);
    if (!ctx.store.findChat(chatId)) return reply(res, fail(404, `no chat ${chatId}`));
    res.json({ items: ctx.store.messagesIn(chatId).map((m) => buildChatHistoryItem(m, appId)) });
  });

  router.post('/messages/:message_id/actions', loopbackOnly, async (req, res) => {
    reply(res, await relayCardClick(ctx, String(req.params.message_id), req.body));
  });

  router.get('/deliveries', loopbackOnly, (req: Request, res) => {
    const { event_id: eventId, event_type: eventType } = req.query;
    const items = ctx.pusher
      .deliveries()
      .filter(
        (d) =>
          (eventId === undefined || d.event_id === eventId) &&
          (eventType === undefined || d.event_type === eventType),
      );
    res.json({ items });
  });

  router.get('/bot/avatar.png', loopbackOnly, (_req, res) => {
    res.type('png').send(AVATAR_PNG);
  });

  return router;
}

const loopbackOnly: RequestHandler = (req, res, next) => {
  if (isLoopbackAddress(req.socket.remoteAddress)) return next();
  reply(res, fail(403, 'the control API answers loopback callers only'));
};

function reply(res: Response, answer: ControlReply): void {
  res.status(answer.status).json(answer.body);
}
