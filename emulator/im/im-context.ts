import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { EventPusher } from '../events/create-event-pusher.js';
import type { EmulatorSeed } from '../seed.js';
import type { ImStore } from './create-im-store.js';
import type { KeyRateLimiter } from './create-key-rate-limiter.js';

/** What the IM routes share, built once per emulator in create-im-api.ts. */
export type ImContext = {
  seed: EmulatorSeed;
  options: ResolvedEmulatorOptions;
  store: ImStore;
  pusher: EventPusher;
  /** 5 QPS per chat for sends and replies (docs/reference/lark-api.md §3.1; override `im.per_chat`), when rate limits are on. */
  chatLimiter: KeyRateLimiter;
  /** 5 QPS per message for card updates (docs/reference/lark-api.md §3.1; override `im.per_message`), when rate limits are on. */
  messageLimiter: KeyRateLimiter;
  selfUrl(): string;
};
