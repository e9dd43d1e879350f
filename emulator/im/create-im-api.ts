import { createHash } from 'node:crypto';
import type { Router } from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import { createEventPusher } from '../events/create-event-pusher.js';
import type { Platform } from '../platform/create-platform.js';
import { KEYED_LIMITS } from '../platform/endpoint-catalog.js';
import type { EmulatorSeed } from '../seed.js';
import type { WsGateway } from '../ws/create-ws-gateway.js';
import { createImControlRouter } from './create-im-control-router.js';
import { createImRouter } from './create-im-router.js';
import { createImStore, type ImStore } from './create-im-store.js';
import { createKeyRateLimiter } from './create-key-rate-limiter.js';
import type { ImContext } from './im-context.js';
import type { MentionTarget } from './parse-chat-mentions.js';

/**
 * IM messages, bot info, event pushes and card-click relay, and the chat control API
 * (`/__emulator/chats/…`, `/__emulator/messages/…/actions`, `/__emulator/deliveries`). See docs/emulator.md.
 */
export type ImApi = {
  router: Router;
  controlRouter: Router;
  /** Chats, users and messages, for the chat and contact routes. */
  store: ImStore;
  /** The emulator's own base URL, known once it listens. */
  setSelfUrl(url: string): void;
  /** Stops pending pushes and retries. */
  close(): Promise<void>;
};

export function createImApi(
  seed: EmulatorSeed,
  options: ResolvedEmulatorOptions,
  platform: Platform,
  ws?: WsGateway,
): ImApi {
  // Auth, faults and per-endpoint limits happen in the platform's guard before these routes.
  void platform;
  let selfUrl = '';
  const clock = options.clock;
  const ctx: ImContext = {
    seed,
    options,
    store: createImStore(seed, clock),
    pusher: createEventPusher({
      encryptKey: seed.app.encrypt_key,
      clock,
      timeoutMs: options.pushTimeoutMs,
      retryScheduleMs: options.eventRetryScheduleMs,
      ...(seed.bot.transport === 'ws' && ws ? { ws } : {}),
    }),
    chatLimiter: createKeyRateLimiter({
      windows: options.rateLimitOverrides['im.per_chat'] ?? KEYED_LIMITS['im.per_chat'],
      clock,
    }),
    messageLimiter: createKeyRateLimiter({
      windows: options.rateLimitOverrides['im.per_message'] ?? KEYED_LIMITS['im.per_message'],
      clock,
    }),
    selfUrl: () => selfUrl,
  };
  // The bot as a mention target; bots have no user_id.
  const bot: MentionTarget = {
    name: seed.app.bot_name,
    openId: seed.app.bot_open_id,
    unionId: `on_${createHash('sha256').update(seed.app.bot_open_id).digest('hex').slice(0, 32)}`,
    userId: '',
  };
  return {
    router: createImRouter(ctx),
    store: ctx.store,
    controlRouter: createImControlRouter(ctx, bot),
    setSelfUrl: (url) => {
      selfUrl = url;
    },
    close: () => ctx.pusher.close(),
  };
}
