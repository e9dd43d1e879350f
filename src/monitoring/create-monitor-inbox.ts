import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { AlertBook } from '../domain/alert.js';
import { withTimeout } from '../platform/with-timeout.js';

/** An Ack clicked on a replica that does not lead: the leader applies it on its next round. */
export const RelayedAck = z.object({
  kind: z.literal('ack'),
  key: z.string().min(1).max(200),
  incident: z.string().min(1).max(250),
  by: z.string().min(1).max(100),
  messageId: z.string().min(1).max(100),
  /** When the click came (ms): the Ack's time on the card and in alert.acked. */
  at: z.number().int(),
});
export type RelayedAck = z.infer<typeof RelayedAck>;

/** The book of a replica that stopped leading (it may have paged while Redis was down). */
export const Handoff = z.object({
  kind: z.literal('handoff'),
  from: z.string().max(200),
  book: z.record(z.string(), z.unknown()).transform((book) => book as unknown as AlertBook),
});
export type Handoff = z.infer<typeof Handoff>;

export const InboxMessage = z.discriminatedUnion('kind', [RelayedAck, Handoff]);
export type InboxMessage = z.infer<typeof InboxMessage>;

export type InboxBatch = {
  messages: InboxMessage[];
  /** Entries read, including any unreadable one: what `trim` removes once the batch is applied. */
  size: number;
};

export type MonitorInbox = {
  push(message: InboxMessage): Promise<void>;
  /** The oldest entries (at most 100), left in place until `trim`. */
  read(): Promise<InboxBatch>;
  /** Removes the `size` oldest entries (a batch applied and mirrored). */
  trim(size: number): Promise<void>;
};

const BATCH = 100;

/**
 * The leader's inbox: a Redis list other replicas append to (Acks, hand-overs). The leader reads a batch
 * each round and trims it only after its book, with the batch applied, is mirrored: a leader that dies
 * in between leaves the batch to the next one (an Ack applied twice is `already_acked`, audited once).
 * Entries expire with the list after `ttlSeconds` without a new one.
 */
export function createMonitorInbox(
  redis: Redis,
  options: { key: string; timeoutMs: number; ttlSeconds: number },
): MonitorInbox {
  const { key, timeoutMs } = options;
  const bounded = <T>(command: Promise<T>) => withTimeout(command, timeoutMs, 'Redis did not answer in time');
  return {
    async push(message) {
      const text = JSON.stringify(InboxMessage.parse(message));
      const replies = await bounded(redis.multi().rpush(key, text).expire(key, options.ttlSeconds).exec());
      const failed = replies?.find(([error]) => error);
      if (!replies || failed) throw failed?.[0] ?? new Error('the inbox write was discarded');
    },
    async read() {
      const entries = await bounded(redis.lrange(key, 0, BATCH - 1));
      const messages: InboxMessage[] = [];
      for (const entry of entries) {
        try {
          const parsed = InboxMessage.safeParse(JSON.parse(entry));
          if (parsed.success) messages.push(parsed.data);
        } catch {
          // Not JSON: trimmed with the batch, never applied.
        }
      }
      return { messages, size: entries.length };
    },
    async trim(size) {
      if (size > 0) await bounded(redis.ltrim(key, size, -1));
    },
  };
}
