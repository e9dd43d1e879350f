import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../../test/builders/make-request.js';
import { createFakeAudit } from '../../../test/fakes/fake-audit.js';
import { createFakeRequestStore } from '../../../test/fakes/fake-request-store.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { decide } from '../../domain/guard.js';
import { castVote, type VoteClick } from './cast-vote.js';
import type { VoteDeps } from './vote-deps.js';

/**
 * The shared in-memory request store (the Redis store's compare-and-set), whose next `lose` transitions
 * report a conflict, as when another click's write landed first.
 */
async function world(
  requests: GovernedRequest[],
  options: { now?: number; base?: Parameters<typeof makeBase>[0] } = {},
) {
  const fake = createFakeRequestStore();
  let lose = 0;
  const minted: string[] = [];
  const store: VoteDeps['requests'] = {
    get: fake.requests.get,
    transition: async (...args) => {
      if (args[2]?.kind === 'mint') minted.push(args[2].artefact.id);
      if (lose > 0) {
        lose -= 1;
        return 'conflict';
      }
      return fake.requests.transition(...args);
    },
  };
  const audit = createFakeAudit();
  const queued: string[] = [];
  const errors: string[] = [];
  const deps: VoteDeps = {
    policy: () => makePolicy([makeBase(options.base)]),
    decide,
    audit: audit.audit,
    clock: () => options.now ?? T0 + 1,
    logger: {
      error: (_data: unknown, message: string) => errors.push(message),
    } as unknown as VoteDeps['logger'],
    requests: store,
    enqueueLiveOp: async (request) => {
      queued.push(request.id);
    },
  };
  await Promise.all(requests.map((request) => fake.requests.create(request)));
  return {
    minted,
    deps,
    audited: audit.events,
    queued,
    errors,
    types: audit.types,
    current: async (id: string) => (await fake.requests.get(id))?.request ?? null,
    artefact: (id: string | null | undefined) => fake.requests.getArtefact(id ?? ''),
    loseNextTransitions(count: number) {
      lose = count;
    },
  };
}

function click(request: GovernedRequest, overrides: Partial<VoteClick> = {}): VoteClick {
  return {
    voter: 'ou_bob',
    messageId: 'om_card',
    decision: 'approve',
    requestId: request.id,
    scope: request.scopeHash,
    ...overrides,
  };
}

describe('castVote', () => {
  it('an approver meeting N-of-M approves: the artefact is minted, audited, then the live op queued', async () => {
    const request = makeRequest();
    const w = await world([request]);

    const answer = await castVote(click(request), w.deps);

    const after = await w.current(request.id);
    expect(answer.toast).toMatchObject({
      type: 'success',
      content: 'Approved: the change is queued and will be backed up, written and verified.',
    });
    expect(answer.card?.type).toBe('raw');
    expect(after?.state).toBe('approved');
    expect(after?.artefactId).toMatch(/^art_[0-9a-f]{24}$/);
    expect((await w.artefact(after?.artefactId))?.requestId).toBe(request.id);
    expect(w.types()).toEqual(['approval.vote', 'approval.created', 'op.queued']);
    expect(w.queued).toEqual([request.id]);
  });

  it('one vote of two needed is recorded and says how many are still missing', async () => {
    const request = makeRequest({ approvalsNeeded: 2 });
    const w = await world([request], { base: { approvalsNeeded: 2 } });

    const answer = await castVote(click(request), w.deps);

    expect(answer.toast).toMatchObject({ type: 'success', content: 'Vote recorded: 1 of 2 approvals.' });
    expect((await w.current(request.id))?.state).toBe('pending');
    expect(w.types()).toEqual(['approval.vote']);
    expect(w.queued).toEqual([]);
  });

  it('a reject ends the request and queues nothing', async () => {
    const request = makeRequest();
    const w = await world([request]);

    const answer = await castVote(click(request, { decision: 'reject' }), w.deps);

    expect(answer.toast).toMatchObject({ type: 'info', content: 'Rejected: nothing will be written.' });
    expect((await w.current(request.id))?.state).toBe('rejected');
    expect(w.queued).toEqual([]);
  });

  it.each([
    ['the requester approving their own request', { voter: 'ou_alice' }],
    ['someone who is not an approver', { voter: 'ou_mallory' }],
    ['a button showing another diff (scope hash)', { scope: 'a'.repeat(64) }],
  ])('refuses %s: audited as denied, nothing stored or queued', async (_name, overrides) => {
    const request = makeRequest();
    const w = await world([request]);

    const answer = await castVote(click(request, overrides), w.deps);

    expect(answer.toast.type).toBe('error');
    expect(await w.current(request.id)).toEqual(request);
    expect(w.audited).toEqual([
      expect.objectContaining({
        type: 'approval.vote',
        details: expect.objectContaining({ result: 'denied' }),
      }),
    ]);
    expect(w.queued).toEqual([]);
  });

  it('a button from another message is refused as such', async () => {
    const request = makeRequest();
    const w = await world([request]);

    const answer = await castVote(click(request, { messageId: 'om_elsewhere' }), w.deps);

    expect(answer.toast.content).toBe('This button does not belong to this request’s card.');
    expect(w.audited[0]?.details.denials).toEqual([
      { code: 'button_from_another_message', message: 'button from another message' },
    ]);
  });

  it('a click after the expiry expires the request instead of voting', async () => {
    const request = makeRequest();
    const w = await world([request], { now: request.expiresAt });

    const answer = await castVote(click(request), w.deps);

    expect(answer.toast.type).toBe('warning');
    expect((await w.current(request.id))?.state).toBe('expired');
    expect(w.types()).toEqual(['request.expired']);
  });

  it('a vote that lost the compare-and-set is judged again on the fresh request', async () => {
    const request = makeRequest();
    const w = await world([request]);
    w.loseNextTransitions(3);

    const answer = await castVote(click(request), w.deps);

    expect(answer.toast.type).toBe('success');
    expect(w.types()).toEqual(['approval.vote', 'approval.created', 'op.queued']);
  });

  it('gives up, storing nothing, when every pass loses', async () => {
    const request = makeRequest();
    const w = await world([request]);
    w.loseNextTransitions(1_000);

    const answer = await castVote(click(request), w.deps);

    expect(answer.toast.content).toBe('Too many people clicked at once: please try again.');
    expect(w.audited).toEqual([]);
  });

  it('an approval whose live op cannot be queued still stands (the sweeper queues it) and is not audited as queued', async () => {
    const request = makeRequest();
    const w = await world([request]);
    w.deps.enqueueLiveOp = async () => {
      throw new Error('redis down');
    };

    const answer = await castVote(click(request), w.deps);

    expect(answer.toast.type).toBe('success');
    expect((await w.current(request.id))?.state).toBe('approved');
    expect(w.types()).toEqual(['approval.vote', 'approval.created']);
    expect(w.errors).toEqual(['could not queue the live op; the sweeper will']);
  });

  it('an approval the audit log refuses is undone: request as it was, artefact withdrawn', async () => {
    const request = makeRequest();
    const w = await world([request]);
    w.deps.audit = async (input) => {
      if (input.type === 'approval.created') throw new Error('no audit sink could record the event');
    };

    await expect(castVote(click(request), w.deps)).rejects.toThrow('no audit sink');

    expect(await w.current(request.id)).toEqual(request);
    expect(w.minted).toHaveLength(1);
    expect(await w.artefact(w.minted[0])).toBeNull();
    expect(w.queued).toEqual([]);
  });

  it('an unknown request is answered without a card', async () => {
    const w = await world([]);

    const answer = await castVote(click(makeRequest({ id: 'req_zzzzzzzzzzzz' })), w.deps);

    expect(answer).toEqual({
      toast: {
        type: 'error',
        content: 'No request req_zzzzzzzzzzzz.',
        i18n: {
          en_us: 'No request req_zzzzzzzzzzzz.',
          zh_cn: '没有请求 req_zzzzzzzzzzzz。',
          vi_vn: 'Không có yêu cầu req_zzzzzzzzzzzz.',
          ja_jp: 'リクエスト req_zzzzzzzzzzzz はありません。',
        },
      },
    });
  });

  it('a refused vote is toasted in every locale: each clicker reads it in their own client language', async () => {
    const request = makeRequest();
    const w = await world([request]);

    const answer = await castVote(click(request, { voter: 'ou_alice' }), w.deps);

    expect(answer.toast).toMatchObject({
      type: 'error',
      content: 'you asked for this change, so you cannot approve it',
      i18n: {
        vi_vn: 'bạn là người yêu cầu thay đổi này nên không thể tự phê duyệt',
        zh_cn: '这项变更是你申请的，所以你不能批准它',
        ja_jp: 'この変更はあなたが申請したため、あなたは承認できません',
      },
    });
  });
});
