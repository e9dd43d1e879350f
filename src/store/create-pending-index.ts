import type { Redis } from 'ioredis';
import type { GovernedRequest } from '../domain/governed-request.js';
import type { RedisKeys } from './redis-keys.js';

/** A claim whose request is not stored yet counts this long: the claimer is still opening it. */
export const OPENING_GRACE_MS = 60_000;

/** Replaces a claim only if it is still the one that was read. */
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/** Adds a member; the set lives as long as its longest-lived member (PTTL is -1 on a new key). */
const ADD_ON_RECORD = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

/**
 * Which pending request asks for which change, and which pending requests show which record (issue 11
 * item 9). Both are hints kept beside the requests, never the truth: a claim or an index entry is checked
 * against the stored request before it counts, so a request that moved on needs no clean-up, and keys
 * expire with the requests they point at.
 */
export function createPendingIndex(
  redis: Redis,
  keys: RedisKeys,
  get: (id: string) => Promise<{ request: GovernedRequest } | null>,
) {
  return {
    /**
     * Claims the change `duplicateKey` names for `requestId` until it expires. Returns null when claimed
     * (or already this request's), else the id of the pending request that asks for the same change.
     */
    async claimAsk(
      duplicateKey: string,
      requestId: string,
      expiresAt: number,
      now: number,
    ): Promise<string | null> {
      const key = keys.pendingAsk(duplicateKey);
      const value = `${requestId} ${now}`;
      const ttl = String(Math.max(1_000, expiresAt - now));
      for (let attempt = 0; attempt < 10; attempt++) {
        if ((await redis.set(key, value, 'PX', ttl, 'NX')) === 'OK') return null;
        const current = await redis.get(key);
        if (current === null) continue;
        const [holder = '', at = '0'] = current.split(' ');
        if (holder === requestId) return null;
        const stored = await get(holder);
        const live = stored
          ? stored.request.state === 'pending' && stored.request.expiresAt > now
          : now - Number(at) < OPENING_GRACE_MS;
        if (live) return holder;
        if ((await redis.eval(TAKE_OVER, 1, key, current, value, ttl)) === 1) return null;
      }
      throw new Error('claiming a pending ask kept conflicting');
    },

    /** Notes that a pending request shows these records, until it expires. */
    async addOnRecords(request: GovernedRequest, recordIds: readonly string[]): Promise<void> {
      if (request.plan.kind !== 'records' || recordIds.length === 0) return;
      const { appToken } = request.plan.base;
      const tableId = request.plan.table.id;
      const ttl = Math.max(1_000, request.expiresAt - request.createdAt);
      const batch = redis.multi();
      for (const recordId of recordIds)
        batch.eval(ADD_ON_RECORD, 1, keys.pendingOnRecord(appToken, tableId, recordId), request.id, ttl);
      await batch.exec();
    },

    /** Ids of requests noted on any of these records, each with the records it was noted on. */
    async onRecords(
      appToken: string,
      tableId: string,
      recordIds: readonly string[],
    ): Promise<Map<string, string[]>> {
      const found = new Map<string, string[]>();
      // One round trip for a batch delete's thousand records, not a thousand.
      const batch = redis.pipeline();
      for (const recordId of recordIds) batch.smembers(keys.pendingOnRecord(appToken, tableId, recordId));
      const replies = (await batch.exec()) ?? [];
      recordIds.forEach((recordId, index) => {
        const [error, ids] = replies[index] ?? [null, []];
        if (error) throw error;
        for (const id of ids as string[]) found.set(id, [...(found.get(id) ?? []), recordId]);
      });
      return found;
    },

    /** Drops these requests from these records' sets (they are no longer pending). */
    async removeOnRecords(
      appToken: string,
      tableId: string,
      recordIds: readonly string[],
      requestIds: readonly string[],
    ): Promise<void> {
      if (requestIds.length === 0) return;
      const batch = redis.multi();
      for (const recordId of recordIds)
        batch.srem(keys.pendingOnRecord(appToken, tableId, recordId), ...requestIds);
      await batch.exec();
    },
  };
}
