import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../../test/builders/make-request.js';
import type { ChatDelivery } from '../../domain/chat-delivery.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { decide } from '../../domain/guard.js';
import type { AuditInput } from '../../ports/audit.js';
import type { RequestStore } from '../../ports/request-store.js';
import { type SweepDeps, sweepRequests } from './sweep-requests.js';

/**
 * The sweeper's view of the request store, in memory: the state indexes scored as Redis scores them
 * (pending by expiry, approved and executing by when they entered the state), and the deliveries each
 * change owed.
 */
function memoryRequests(requests: GovernedRequest[], enteredAt: Record<string, number> = {}) {
  const byId = new Map(requests.map((request) => [request.id, request]));
  const owed: ChatDelivery[] = [];
  const store = {
    async get(id: string) {
      const request = byId.get(id);
      return request ? { request, raw: JSON.stringify(request) } : null;
    },
    async listByState(state: 'pending' | 'approved' | 'executing', maxScore = Number.POSITIVE_INFINITY) {
      return [...byId.values()]
        .filter((request) => request.state === state)
        .filter(
          (request) => (state === 'pending' ? request.expiresAt : (enteredAt[request.id] ?? 0)) <= maxScore,
        )
        .map((request) => request.id);
    },
    async update(
      id: string,
      change: (current: GovernedRequest) => GovernedRequest | null,
      _attempts?: number,
      deliveries?: (next: GovernedRequest) => readonly ChatDelivery[],
    ) {
      const current = byId.get(id);
      const next = current ? change(current) : null;
      if (!next) return current ?? null;
      byId.set(id, next);
      owed.push(...(deliveries?.(next) ?? []));
      return next;
    },
  };
  return { store: store as unknown as RequestStore, byId, owed };
}

function world(requests: GovernedRequest[], options: { now: number; enteredAt?: Record<string, number> }) {
  const memory = memoryRequests(requests, options.enteredAt);
  const audited: AuditInput[] = [];
  const ensured: string[] = [];
  const deps: SweepDeps = {
    policy: () => makePolicy(),
    decide,
    audit: async (input) => {
      audited.push(input);
    },
    clock: () => options.now,
    logger: {
      error: () => undefined,
      warn: () => undefined,
      info: () => undefined,
    } as unknown as SweepDeps['logger'],
    requests: memory.store,
    chat: {} as SweepDeps['chat'],
    // Nothing owed is due in these tests: delivery itself is deliver-chat-updates' (and the e2e tests').
    outbox: {
      claim: async () => [],
      complete: async () => true,
      retry: async () => true,
      list: async () => [],
    },
    ensureLiveOpJob: async (request) => {
      ensured.push(request.id);
    },
    requeueAfterMs: 60_000,
  };
  return { deps, memory, audited, ensured };
}

describe('sweepRequests', () => {
  it('expires pending requests past their expiry, audits it and owes their card an update', async () => {
    const late = makeRequest({ id: 'req_aaaaaaaaaaab', expiresAt: T0 });
    const fresh = makeRequest({ id: 'req_aaaaaaaaaaac', expiresAt: T0 + 60_000 });
    const noCard = makeRequest({ id: 'req_aaaaaaaaaaad', expiresAt: T0 - 1, cardMessageId: null });
    const w = world([late, fresh, noCard], { now: T0 });

    const result = await sweepRequests(w.deps);

    expect(result.expired).toBe(2);
    expect(w.memory.byId.get(late.id)?.state).toBe('expired');
    expect(w.memory.byId.get(fresh.id)?.state).toBe('pending');
    expect(w.audited).toEqual([
      expect.objectContaining({ type: 'request.expired', requestId: late.id }),
      expect.objectContaining({ type: 'request.expired', requestId: noCard.id }),
    ]);
    expect(w.memory.owed).toEqual([{ kind: 'card', requestId: late.id }]);
  });

  it('makes sure approved or executing requests stuck past the grace have their live-op job', async () => {
    const stuck = makeRequest({ id: 'req_aaaaaaaaaaae', state: 'approved' });
    const recent = makeRequest({ id: 'req_aaaaaaaaaaaf', state: 'approved' });
    const running = makeRequest({ id: 'req_aaaaaaaaaaag', state: 'executing' });
    const w = world([stuck, recent, running], {
      now: T0 + 120_000,
      enteredAt: { [stuck.id]: T0, [recent.id]: T0 + 100_000, [running.id]: T0 },
    });

    const result = await sweepRequests(w.deps);

    expect(result.requeued).toBe(2);
    expect(w.ensured).toEqual([stuck.id, running.id]);
    expect(w.audited).toEqual([]);
  });

  it('answers failed intake last, and reports how many', async () => {
    const w = world([], { now: T0 });
    w.deps.answerFailedIntake = async () => 3;

    expect(await sweepRequests(w.deps)).toEqual({
      expired: 0,
      requeued: 0,
      chat: expect.any(Object),
      answered: 3,
    });
  });
});
