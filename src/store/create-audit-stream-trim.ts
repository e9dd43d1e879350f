import type { Redis } from 'ioredis';

/**
 * The port: drop from the audit stream every entry older than `upTo` (a stream id), keeping `upTo` itself.
 * Call it only with the newest stream id already covered by a signed checkpoint and fsync'd to the file:
 * the file stays the record, the stream keeps what the monitor and the verifier read recently.
 */
export type TrimAuditStream = (bound: { upTo: string }) => Promise<number>;

/** Where each chain's events are held by the file and a signed checkpoint up to (a stream id). */
export type AuditStreamTrim = {
  trimAuditStream: TrimAuditStream;
  /** A chain's first event went into the stream at `streamId`: nothing of it may be trimmed yet. */
  register(chain: string, streamId: string): Promise<void>;
  /**
   * Chain `chain` is held up to `streamId` (a checkpoint event the file also holds, with every event of
   * the chain before it). Trims the stream to the lowest such point over every registered chain.
   */
  held(chain: string, streamId: string): Promise<number>;
  /** The chain ended with every event held (a final checkpoint the file holds): it no longer holds a floor. */
  release(chain: string): Promise<void>;
};

/**
 * The default source of the trim bound: per chain (one writer process each), the stream id of its newest
 * checkpoint that the file holds, in a Redis hash beside the stream (`<stream>:held`). The stream is cut
 * at the lowest of them (and never within `keep`), so no chain loses an event that its own checkpoint and the file do not cover. A
 * chain that ends without a final checkpoint keeps its floor (its tail is covered by nothing); delete its
 * field once `larkgate audit verify --file` has passed (docs/runbooks/audit-stream-failing.md).
 * `<stream>:trimmed` records the last cut, so `audit verify --redis` knows the stream starts mid-chain.
 */
export function createAuditStreamTrim(
  redis: Redis,
  key: string,
  /**
   * Entries younger than this are kept whatever the checkpoints say: the guard's drill evidence and the
   * monitor read recent events from the stream (the newest `drill.passed` may be up to 30 days old).
   */
  keep: { ms: number; clock: () => number } = { ms: 0, clock: Date.now },
): AuditStreamTrim {
  const heldKey = `${key}:held`;
  const trimmedKey = `${key}:trimmed`;
  const trimAuditStream: TrimAuditStream = async ({ upTo }) => {
    // MINID ~ removes only whole radix-tree nodes below upTo: never an entry at or after it.
    const trimmed = await redis.xtrim(key, 'MINID', '~', upTo);
    if (trimmed > 0) await redis.set(trimmedKey, upTo);
    return trimmed;
  };
  return {
    trimAuditStream,
    async register(chain, streamId) {
      await redis.hsetnx(heldKey, chain, streamId);
    },
    async release(chain) {
      await redis.hdel(heldKey, chain);
    },
    async held(chain, streamId) {
      await redis.hset(heldKey, chain, streamId);
      const floors = await redis.hvals(heldKey);
      const lowest = floors.reduce<string | null>(
        (low, id) => (low === null || compareStreamIds(id, low) < 0 ? id : low),
        null,
      );
      if (lowest === null) return 0;
      const kept = `${Math.max(0, keep.clock() - keep.ms)}-0`;
      return trimAuditStream({ upTo: compareStreamIds(kept, lowest) < 0 ? kept : lowest });
    },
  };
}

/** Stream ids are `<ms>-<seq>`; compared as numbers, not text. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
