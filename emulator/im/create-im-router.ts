import type { Request, Response, Router } from 'express';
import express from 'express';
import { sendData, sendError } from '../platform/lark-response.js';
import { buildMessageObject } from './build-message-object.js';
import type { ImChat } from './create-im-store.js';
import { describeWindows } from './create-key-rate-limiter.js';
import { isJsonObject } from './evaluate-card.js';
import { evaluateCardUpdate } from './evaluate-card-update.js';
import { IM_ERRORS, type ImRefusal, refuse } from './evaluate-message-content.js';
import type { ImContext } from './im-context.js';
import { listChatHistory } from './list-chat-history.js';
import { recallMessage } from './recall-message.js';
import { type SendOutcome, sendAppMessage } from './send-app-message.js';

const MESSAGES = '/open-apis/im/v1/messages';

/**
 * The IM v1 message routes and bot info (docs/reference/lark-api.md §3.1). The platform's guard has already authenticated
 * the caller and applied the per-endpoint limits; IM refusals are HTTP 400 with Lark's code.
 * https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export function createImRouter(ctx: ImContext): Router {
  const router = express.Router();
  const app = { appId: ctx.seed.app.app_id, tenantKey: ctx.seed.app.tenant_key };

  const answer = (res: Response, outcome: SendOutcome) => {
    if (outcome.kind === 'refused') return refuseWith(res, outcome);
    sendData(res, buildMessageObject(outcome.message, app));
  };

  router.post(MESSAGES, (req, res) => {
    const body = bodyOf(req);
    const receiver = resolveReceiver(ctx, req.query.receive_id_type, body.receive_id);
    if (receiver.kind === 'refused') return refuseWith(res, receiver);
    const request = { msgType: body.msg_type, content: body.content, uuid: body.uuid };
    answer(res, sendAppMessage(ctx, receiver.chat, request, undefined));
  });

  router.post(`${MESSAGES}/:message_id/reply`, (req, res) => {
    const body = bodyOf(req);
    const parent = ctx.store.findMessage(String(req.params.message_id));
    if (!parent) return refuseWith(res, unknownMessage());
    if (parent.deleted) return refuseWith(res, recalled());
    const chat = ctx.store.findChat(parent.chatId) as ImChat;
    const request = { msgType: body.msg_type, content: body.content, uuid: body.uuid };
    answer(res, sendAppMessage(ctx, chat, request, parent));
  });

  router.patch(`${MESSAGES}/:message_id`, (req, res) => {
    const message = ctx.store.findMessage(String(req.params.message_id));
    if (!message) return refuseWith(res, unknownMessage());
    if (message.deleted) return refuseWith(res, recalled());
    if (ctx.options.rateLimits && !ctx.messageLimiter.tryTake(message.messageId)) {
      return refuseWith(
        res,
        refuse(
          IM_ERRORS.frequencyLimit,
          `request trigger frequency limit: at most ${describeWindows(ctx.messageLimiter.windows, 'updates')} per message`,
        ),
      );
    }
    const update = evaluateCardUpdate(message, bodyOf(req).content, ctx.options.clock());
    if (update.kind === 'refused') return refuseWith(res, update);
    ctx.store.updateContent(message, update.content);
    sendData(res, {});
  });

  router.get(`${MESSAGES}/:message_id`, (req, res) => {
    const message = ctx.store.findMessage(String(req.params.message_id));
    if (!message) return refuseWith(res, unknownMessage());
    sendData(res, { items: [buildMessageObject(message, app)] });
  });

  router.get(MESSAGES, (req, res) => {
    const page = listChatHistory(ctx, req.query);
    if (page.kind === 'refused') {
      sendError(res, page.httpStatus ?? 400, page.code, page.msg);
      return;
    }
    sendData(res, {
      has_more: page.hasMore,
      ...(page.pageToken ? { page_token: page.pageToken } : {}),
      items: page.items.map((message) => buildMessageObject(message, app)),
    });
  });

  router.delete(`${MESSAGES}/:message_id`, (req, res) => {
    const outcome = recallMessage(ctx, String(req.params.message_id));
    if (outcome.kind === 'refused') return refuseWith(res, outcome);
    sendData(res, {});
  });

  // Bot info answers at the top level, not under `data` (docs/reference/lark-api.md §3.1).
  // https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info
  router.get('/open-apis/bot/v3/info', (_req, res) => {
    res.status(200).json({
      code: 0,
      msg: 'ok',
      bot: {
        activate_status: 2,
        app_name: ctx.seed.app.bot_name,
        avatar_url: `${ctx.selfUrl()}/__emulator/bot/avatar.png`,
        ip_white_list: [],
        open_id: ctx.seed.app.bot_open_id,
      },
    });
  });

  return router;
}

/** Where `receive_id` points: a chat, or the bot's one-to-one chat with a user (created on first use). */
function resolveReceiver(
  ctx: ImContext,
  idType: unknown,
  receiveId: unknown,
): { kind: 'ok'; chat: ImChat } | ImRefusal {
  if (typeof receiveId !== 'string' || receiveId.length === 0) {
    return refuse(IM_ERRORS.invalidParam, 'receive_id is required');
  }
  if (idType === 'chat_id') {
    const chat = ctx.store.findChat(receiveId);
    return chat
      ? { kind: 'ok', chat }
      : refuse(IM_ERRORS.invalidParam, `invalid receive_id: no chat ${receiveId}`);
  }
  if (idType === 'open_id' || idType === 'user_id' || idType === 'union_id') {
    const user = ctx.store.findUser(idType, receiveId);
    if (!user)
      return refuse(IM_ERRORS.invalidParam, `invalid receive_id: no user with ${idType} ${receiveId}`);
    return { kind: 'ok', chat: ctx.store.p2pChatWith(user) };
  }
  if (idType === 'email') return refuse(IM_ERRORS.invalidParam, 'receive_id_type email is not emulated');
  return refuse(
    IM_ERRORS.invalidParam,
    'receive_id_type must be one of open_id, user_id, union_id, email, chat_id',
  );
}

function recalled(): ImRefusal {
  return refuse(IM_ERRORS.recalled, 'the message is recalled');
}

function unknownMessage(): ImRefusal {
  return refuse(IM_ERRORS.invalidParam, 'invalid message_id: no such message');
}

function refuseWith(res: Response, refusal: ImRefusal): void {
  sendError(res, 400, refusal.code, refusal.msg);
}

function bodyOf(req: Request): Record<string, unknown> {
  return isJsonObject(req.body) ? req.body : {};
}
