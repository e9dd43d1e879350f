import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type ChatDelivery, deliveryId } from '../domain/chat-delivery.js';
import type { ApprovalArtefact, GovernedRequest, RequestState } from '../domain/governed-request.js';
import type { OutboxEntry } from '../ports/outbox.js';
import type { ArtefactStep, RequestStore, StoredRequest, TransitionResult } from '../ports/request-store.js';
import { createPendingIndex } from './create-pending-index.js';
import type { RedisKeys } from './redis-keys.js';
import { defineScript, runScript } from './run-script.js';

/** States that sit in an index, so sweepers can find them (expiry, re-enqueue, stuck ops). */
export const INDEXED_STATES: readonly RequestState[] = ['pending', 'approved', 'executing'];

/**
 * Compare-and-set of a request's JSON, keeping the state indexes in step, and optionally minting,
 * consuming or withdrawing (unmint: an approval whose audit failed) an approval artefact in the same atomic
 * step. Returns 1 when written, 0 when the stored request was not what the caller read (someone else won),
 * -1 when the artefact was already used (or, for a mint, exists), -2 when it does not exist. The chat
 * deliveries the change causes (ARGV[8…], id and entry pairs) go into the outbox in the same step, due now
 * (Redis TIME), so a crash right after cannot lose them (a transactional outbox).
 */
const TRANSITION = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
if ARGV[6] == 'consume' then
  if redis.call('EXISTS', KEYS[5]) == 0 then return -2 end
  if redis.call('HGET', KEYS[5], 'usedAt') ~= '' then return -1 end
  redis.call('HSET', KEYS[5], 'usedAt', ARGV[7])
elseif ARGV[6] == 'mint' then
  if redis.call('EXISTS', KEYS[5]) == 1 then return -1 end
  redis.call('HSET', KEYS[5], 'json', ARGV[7], 'usedAt', '')
elseif ARGV[6] == 'unmint' then
  if redis.call('EXISTS', KEYS[5]) == 0 then return -2 end
  if redis.call('HGET', KEYS[5], 'usedAt') ~= '' then return -1 end
  redis.call('DEL', KEYS[5])
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[3])
if ARGV[4] ~= '' then
  local index = KEYS[2]
  if ARGV[4] == 'approved' then index = KEYS[3] elseif ARGV[4] == 'executing' then index = KEYS[4] end
  redis.call('ZADD', index, ARGV[5], ARGV[3])
end
if #ARGV > 7 then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  for i = 8, #ARGV, 2 do
    redis.call('HSET', KEYS[6], ARGV[i], ARGV[i + 1])
    redis.call('ZADD', KEYS[7], now, ARGV[i])
  end
end
return 1
`;

const TRANSITION_SCRIPT = defineScript(TRANSITION);

/** An outbox entry for a delivery, with a token so a later write of the same id is told apart. */
function outboxEntry(delivery: ChatDelivery): string[] {
  const entry: OutboxEntry = { delivery, attempts: 0, firstAt: Date.now(), token: randomUUID() };
  return [deliveryId(delivery), JSON.stringify(entry)];
}

/**
 * `redis.replica_ack`: after each change is written, WAIT until this many replicas have it (or the timeout),
 * so a change acknowledged to a person survives a Sentinel failover; `onShort` hears when fewer confirmed.
 */
export type ReplicaAck = { replicas: number; timeoutMs: number; onShort(acked: number): void };

export function createRequestStore(redis: Redis, keys: RedisKeys, replicaAck?: ReplicaAck): RequestStore {
  async function transition(
    expected: StoredRequest | null,
    next: GovernedRequest,
    artefact?: ArtefactStep,
    /** Chat updates this change owes, written to the outbox with it (delivered by deliverChatUpdates). */
    deliveries: readonly ChatDelivery[] = [],
  ): Promise<TransitionResult> {
    const raw = JSON.stringify(next);
    const indexed = INDEXED_STATES.includes(next.state) ? next.state : '';
    const score = next.state === 'pending' ? next.expiresAt : Date.now();
    const artefactKey =
      artefact?.kind === 'mint'
        ? keys.artefact(artefact.artefact.id)
        : artefact
          ? keys.artefact(artefact.artefactId)
          : keys.artefact('-');
    const result = (await runScript(
      redis,
      TRANSITION_SCRIPT,
      [
        keys.request(next.id),
        keys.stateIndex('pending'),
        keys.stateIndex('approved'),
        keys.stateIndex('executing'),
        artefactKey,
        keys.outbox,
        keys.outboxDue,
      ],
      [
        expected?.raw ?? '',
        raw,
        next.id,
        indexed,
        String(score),
        artefact?.kind ?? '',
        artefact?.kind === 'mint'
          ? JSON.stringify(artefact.artefact)
          : artefact?.kind === 'consume'
            ? String(artefact.at)
            : '',
        ...deliveries.flatMap(outboxEntry),
      ],
    )) as number;
    if (result === 1) {
      if (replicaAck) {
        const acked = await redis.wait(replicaAck.replicas, replicaAck.timeoutMs);
        if (acked < replicaAck.replicas) replicaAck.onShort(acked);
      }
      return 'written';
    }
    if (result === -1) return 'artefact_used';
    if (result === -2) return 'artefact_missing';
    return 'conflict';
  }

  async function get(id: string): Promise<StoredRequest | null> {
    const raw = await redis.get(keys.request(id));
    return raw === null ? null : { request: JSON.parse(raw) as GovernedRequest, raw };
  }

  return {
    /** Pending asks and the records pending requests show (duplicates, outdated diffs). */
    ...createPendingIndex(redis, keys, get),

    /** Stores a new request; false if the id is taken. */
    async create(request: GovernedRequest): Promise<boolean> {
      return (await transition(null, request)) === 'written';
    },

    get,

    transition,

    /**
     * Read-modify-write with retries: `change` sees the current request and returns the next one (or null
     * to leave it). Safe under races: the write only lands if nobody changed the request in between.
     */
    async update(
      id: string,
      change: (current: GovernedRequest) => GovernedRequest | null,
      attempts = 20,
      /** Chat updates the change owes (not written when `change` leaves the request). */
      deliveries: (next: GovernedRequest) => readonly ChatDelivery[] = () => [],
    ): Promise<GovernedRequest | null> {
      for (let i = 0; i < attempts; i++) {
        const stored = await this.get(id);
        if (!stored) return null;
        const next = change(stored.request);
        if (next === null) return stored.request;
        if ((await transition(stored, next, undefined, deliveries(next))) === 'written') return next;
      }
      throw new Error('request update kept conflicting');
    },

    async getArtefact(id: string): Promise<ApprovalArtefact | null> {
      const fields = await redis.hgetall(keys.artefact(id));
      if (!fields.json) return null;
      const artefact = JSON.parse(fields.json) as ApprovalArtefact;
      return { ...artefact, usedAt: fields.usedAt ? Number(fields.usedAt) : null };
    },

    /** Ids in an indexed state, oldest (or soonest to expire) first; `maxScore` filters by the index score. */
    async listByState(
      state: 'pending' | 'approved' | 'executing',
      maxScore = Number.POSITIVE_INFINITY,
    ): Promise<string[]> {
      return redis.zrangebyscore(
        keys.stateIndex(state),
        '-inf',
        Number.isFinite(maxScore) ? String(maxScore) : '+inf',
      );
    },
  };
}
