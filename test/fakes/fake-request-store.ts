import { randomUUID } from 'node:crypto';
import { type ChatDelivery, deliveryId } from '../../src/domain/chat-delivery.js';
import type { ApprovalArtefact, GovernedRequest } from '../../src/domain/governed-request.js';
import type { ClaimedEntry, Outbox, OutboxEntry } from '../../src/ports/outbox.js';
import type { RequestStore, StoredRequest } from '../../src/ports/request-store.js';

/**
 * The request store and its chat outbox in memory, with the Redis store's contract
 * (src/store/create-request-store.ts): every change is a compare-and-set against the JSON the caller read,
 * artefacts are minted, consumed and withdrawn with the change, and the deliveries a change owes go into
 * the outbox in the same step. `failNextUpdate` makes the next write throw (a crash between two steps).
 */
export function createFakeRequestStore(options: { clock?: () => number } = {}) {
  const clock = options.clock ?? Date.now;
  const requests = new Map<string, string>();
  const artefacts = new Map<string, ApprovalArtefact>();
  const pendingAsks = new Map<string, string>();
  const onRecord = new Map<string, Set<string>>();
  const outboxEntries = new Map<string, string>();
  const outboxDue = new Map<string, number>();
  let crash: Error | null = null;

  const get = async (id: string): Promise<StoredRequest | null> => {
    const raw = requests.get(id);
    return raw === undefined ? null : { request: JSON.parse(raw) as GovernedRequest, raw };
  };

  const store: RequestStore = {
    async create(request) {
      return (await store.transition(null, request)) === 'written';
    },
    get,
    async transition(expected, next, artefact, deliveries: readonly ChatDelivery[] = []) {
      if (crash) {
        const error = crash;
        crash = null;
        throw error;
      }
      const current = requests.get(next.id);
      if (expected === null ? current !== undefined : current !== expected.raw) return 'conflict';
      if (artefact?.kind === 'mint') {
        if (artefacts.has(artefact.artefact.id)) return 'artefact_used';
        artefacts.set(artefact.artefact.id, { ...artefact.artefact, usedAt: null });
      } else if (artefact) {
        const found = artefacts.get(artefact.artefactId);
        if (!found) return 'artefact_missing';
        if (found.usedAt !== null) return 'artefact_used';
        if (artefact.kind === 'consume') artefacts.set(found.id, { ...found, usedAt: artefact.at });
        else artefacts.delete(found.id);
      }
      requests.set(next.id, JSON.stringify(next));
      for (const delivery of deliveries) {
        const entry: OutboxEntry = { delivery, attempts: 0, firstAt: clock(), token: randomUUID() };
        outboxEntries.set(deliveryId(delivery), JSON.stringify(entry));
        outboxDue.set(deliveryId(delivery), clock());
      }
      return 'written';
    },
    async replace(expected, next) {
      if ((await store.transition(expected, next)) !== 'written') return null;
      return { request: next, raw: requests.get(next.id) as string };
    },
    async update(id, change, attempts = 20, deliveries = () => []) {
      for (let i = 0; i < attempts; i++) {
        const stored = await get(id);
        if (!stored) return null;
        const next = change(stored.request);
        if (next === null) return stored.request;
        if ((await store.transition(stored, next, undefined, deliveries(next))) === 'written') return next;
      }
      throw new Error('request update kept conflicting');
    },
    async getArtefact(id) {
      return artefacts.get(id) ?? null;
    },
    async listByState(state) {
      return [...requests.values()]
        .map((raw) => JSON.parse(raw) as GovernedRequest)
        .filter((request) => request.state === state)
        .map((request) => request.id);
    },
    async claimAsk(duplicateKey, requestId) {
      const holder = pendingAsks.get(duplicateKey);
      if (holder && holder !== requestId) {
        const stored = await get(holder);
        if (stored?.request.state === 'pending') return holder;
      }
      pendingAsks.set(duplicateKey, requestId);
      return null;
    },
    async addOnRecords(request, recordIds) {
      if (request.plan.kind !== 'records') return;
      for (const recordId of recordIds) {
        const key = `${request.plan.base.appToken}:${request.plan.table.id}:${recordId}`;
        onRecord.set(key, new Set([...(onRecord.get(key) ?? []), request.id]));
      }
    },
    async onRecords(appToken, tableId, recordIds) {
      const found = new Map<string, string[]>();
      for (const recordId of recordIds) {
        for (const id of onRecord.get(`${appToken}:${tableId}:${recordId}`) ?? [])
          found.set(id, [...(found.get(id) ?? []), recordId]);
      }
      return found;
    },
    async removeOnRecords(appToken, tableId, recordIds, requestIds) {
      for (const recordId of recordIds)
        for (const id of requestIds) onRecord.get(`${appToken}:${tableId}:${recordId}`)?.delete(id);
    },
  };

  const outbox: Outbox = {
    async claim(ids, limit = 50) {
      const now = clock();
      const wanted = ids ?? [...outboxDue.keys()].slice(0, limit);
      const claimed: ClaimedEntry[] = [];
      for (const id of wanted) {
        const raw = outboxEntries.get(id);
        const due = outboxDue.get(id);
        if (raw === undefined || due === undefined || due > now) continue;
        outboxDue.set(id, now + 30_000);
        claimed.push({ ...(JSON.parse(raw) as OutboxEntry), id, raw });
      }
      return claimed;
    },
    async complete(entry) {
      if (outboxEntries.get(entry.id) !== entry.raw) return false;
      outboxEntries.delete(entry.id);
      outboxDue.delete(entry.id);
      return true;
    },
    async retry(entry, afterMs) {
      if (outboxEntries.get(entry.id) !== entry.raw) return false;
      const next: OutboxEntry = { ...entry, attempts: entry.attempts + 1 };
      outboxEntries.set(
        entry.id,
        JSON.stringify({
          delivery: next.delivery,
          attempts: next.attempts,
          firstAt: next.firstAt,
          token: next.token,
        }),
      );
      outboxDue.set(entry.id, clock() + afterMs);
      return true;
    },
    async list() {
      return [...outboxEntries].map(([id, raw]) => ({
        ...(JSON.parse(raw) as OutboxEntry),
        id,
        dueAt: outboxDue.get(id) ?? 0,
      }));
    },
  };

  return {
    requests: store,
    outbox,
    /** The next write of a request throws this (the process died before the step was stored). */
    failNextUpdate(error: Error = new Error('the worker died')) {
      crash = error;
    },
  };
}
