import type { ChatDelivery } from '../domain/chat-delivery.js';

/** One owed chat update. `token` changes whenever the entry is written again (a newer state). */
export type OutboxEntry = { delivery: ChatDelivery; attempts: number; firstAt: number; token: string };

/** An entry taken for delivery: `raw` is what was read, so completing it cannot delete a newer write. */
export type ClaimedEntry = OutboxEntry & { id: string; raw: string };

/**
 * The chat outbox (entries are written by the request store's transition, atomically with the state change
 * that owes them): claim, complete, retry. Delivery itself is src/app/live-op/deliver-chat-updates.ts.
 */
export type Outbox = {
  /** Claims the named entries that are due, or (no ids) up to `limit` of the oldest due ones. */
  claim(ids?: readonly string[], limit?: number): Promise<ClaimedEntry[]>;
  /** Delivered or given up: gone, unless a newer write of the same id is waiting. */
  complete(entry: ClaimedEntry): Promise<boolean>;
  /** Puts a failed entry back, due `afterMs` from now, with its attempts counted (unless written again). */
  retry(entry: ClaimedEntry, afterMs: number): Promise<boolean>;
  /** Every waiting entry with when it is next due (ms, Redis time): for tests and operators. */
  list(): Promise<Array<OutboxEntry & { id: string; dueAt: number }>>;
};
