import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyVote } from '../../src/domain/apply-vote.js';
import type { ApprovalArtefact, GovernedRequest } from '../../src/domain/governed-request.js';
import { decide } from '../../src/domain/guard.js';
import type { RequestStore } from '../../src/ports/request-store.js';
import { createRequestStore } from '../../src/store/create-request-store.js';
import { createRedisKeys } from '../../src/store/redis-keys.js';
import { makeBase, makePolicy } from '../builders/make-policy.js';
import { makeRequest, T0 } from '../builders/make-request.js';
import { useRedisServer } from '../helpers/redis.js';

let redis: Redis;
let store: RequestStore;
let counter = 0;

const server = await useRedisServer();
beforeAll(() => {
  redis = new Redis(server.url);
  store = createRequestStore(redis, createRedisKeys('test'));
});
afterAll(async () => {
  await redis.quit();
});

function freshRequest(overrides: Partial<GovernedRequest> = {}): GovernedRequest {
  counter++;
  return makeRequest({ id: `req_${String(counter).padStart(12, 'a')}`.slice(0, 16), ...overrides });
}

/** One click as the card route handles it: read, guard, apply, compare-and-set (retry on conflict). */
async function click(id: string, voter: string, base = makeBase()): Promise<string> {
  for (;;) {
    const stored = await store.get(id);
    if (!stored) return 'missing';
    const decision = decide(
      {
        action: 'vote',
        actor: { kind: 'user', openId: voter },
        decision: 'approve',
        request: stored.request,
        scopeHash: stored.request.scopeHash,
      },
      { policy: makePolicy([base]), now: T0 + 1 },
    );
    if (!decision.allow) return decision.denials[0]?.code ?? 'denied';
    const outcome = applyVote(stored.request, { voter, decision: 'approve', at: T0 + 1 }, base);
    const artefact: ApprovalArtefact | undefined =
      outcome.kind === 'approved'
        ? {
            id: `art_${id}`,
            requestId: id,
            scopeHash: stored.request.scopeHash,
            approvers: outcome.approvers,
            createdAt: T0,
            usedAt: null,
          }
        : undefined;
    const result = await store.transition(
      stored,
      { ...outcome.request, artefactId: artefact?.id ?? null },
      artefact ? { kind: 'mint', artefact } : undefined,
    );
    if (result === 'written') return outcome.kind;
  }
}

describe('request store', () => {
  it('refuses a second create with the same id', async () => {
    const request = freshRequest();

    expect(await store.create(request)).toBe(true);
    expect(await store.create(request)).toBe(false);
  });

  it('replace answers what it stored, which the next replace compares against; a stale one loses', async () => {
    const request = freshRequest();
    await store.create(request);
    const read = (await store.get(request.id)) as NonNullable<Awaited<ReturnType<RequestStore['get']>>>;
    const first = await store.replace(read, { ...read.request, cardMessageId: 'om_one' });
    expect(first?.request.cardMessageId).toBe('om_one');
    const second = await store.replace(first as NonNullable<typeof first>, {
      ...read.request,
      cardMessageId: 'om_two',
    });
    expect(second).not.toBeNull();
    // `read` is two writes old: it no longer matches, nothing is written.
    expect(await store.replace(read, { ...read.request, cardMessageId: 'om_stale' })).toBeNull();
    expect((await store.get(request.id))?.request.cardMessageId).toBe('om_two');
    expect((await store.get(request.id))?.raw).toBe(second?.raw);
  });

  it('indexes pending requests by expiry and moves them on transition', async () => {
    const request = freshRequest();
    await store.create(request);

    expect(await store.listByState('pending')).toContain(request.id);
    await store.update(request.id, (current) => ({ ...current, state: 'rejected' }));
    expect(await store.listByState('pending')).not.toContain(request.id);
  });

  it('a double click by one approver records one vote', async () => {
    const base = makeBase({ approvers: ['ou_bob', 'ou_carol'], approvalsNeeded: 2 });
    const request = freshRequest({ approvalsNeeded: 2 });
    await store.create(request);

    const results = await Promise.all([click(request.id, 'ou_bob', base), click(request.id, 'ou_bob', base)]);
    const stored = await store.get(request.id);

    expect(results.sort()).toEqual(['already_voted', 'recorded']);
    expect(stored?.request.votes).toHaveLength(1);
  });

  it('two approvers racing on a 1-of-2 request give exactly one approval and one artefact', async () => {
    const request = freshRequest();
    await store.create(request);

    const results = await Promise.all([click(request.id, 'ou_bob'), click(request.id, 'ou_carol')]);
    const stored = await store.get(request.id);

    expect(results.sort()).toEqual(['approved', 'request_not_pending']);
    expect(stored?.request.state).toBe('approved');
    expect(await store.listByState('approved')).toContain(request.id);
  });

  it('an artefact can be consumed once, even by racing workers', async () => {
    const request = freshRequest();
    await store.create(request);
    await click(request.id, 'ou_bob');
    const approved = await store.get(request.id);
    if (!approved) throw new Error('missing');
    const artefactId = approved.request.artefactId as string;

    const consume = async () => {
      const stored = await store.get(request.id);
      if (!stored) return 'missing';
      return store.transition(
        stored,
        { ...stored.request, state: 'executing' },
        { kind: 'consume', artefactId, at: T0 + 2 },
      );
    };
    const results = await Promise.all([consume(), consume(), consume()]);
    const artefact = await store.getArtefact(artefactId);

    expect(results.filter((r) => r === 'written')).toHaveLength(1);
    expect(artefact?.usedAt).toBe(T0 + 2);
  });

  it('refuses to consume an artefact that does not exist', async () => {
    const request = freshRequest({ state: 'approved' });
    await store.create(request);
    const stored = await store.get(request.id);
    if (!stored) throw new Error('missing');

    expect(
      await store.transition(
        stored,
        { ...request, state: 'executing' },
        { kind: 'consume', artefactId: 'art_nope', at: T0 },
      ),
    ).toBe('artefact_missing');
  });
  it('withdraws an unused artefact with the transition that undoes its approval, never a used one', async () => {
    const request = freshRequest();
    await store.create(request);
    const pending = await store.get(request.id);
    await click(request.id, 'ou_bob');
    const approved = await store.get(request.id);
    if (!pending || !approved) throw new Error('missing');
    const artefactId = approved.request.artefactId as string;

    expect(await store.transition(approved, pending.request, { kind: 'unmint', artefactId })).toBe('written');
    expect((await store.get(request.id))?.raw).toBe(pending.raw);
    expect(await store.getArtefact(artefactId)).toBeNull();
    expect(await store.listByState('approved')).not.toContain(request.id);
    expect(await store.listByState('pending')).toContain(request.id);

    await click(request.id, 'ou_bob');
    const again = await store.get(request.id);
    if (!again) throw new Error('missing');
    const used = again.request.artefactId as string;
    await store.transition(
      again,
      { ...again.request, state: 'executing' },
      { kind: 'consume', artefactId: used, at: T0 + 2 },
    );
    const executing = await store.get(request.id);
    if (!executing) throw new Error('missing');
    expect(await store.transition(executing, pending.request, { kind: 'unmint', artefactId: used })).toBe(
      'artefact_used',
    );
  });
});
