import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../../test/builders/make-request.js';
import { createFakeRequestStore } from '../../../test/fakes/fake-request-store.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { RollbackTrigger } from '../../domain/rollback-trigger.js';
import { askRollbackFromCard, type RollbackClick } from './ask-rollback-from-card.js';

async function world(request: GovernedRequest, now = T0) {
  const { requests } = createFakeRequestStore();
  await requests.create(request);
  const triggers: RollbackTrigger[] = [];
  const deps = {
    policy: () => makePolicy(),
    clock: () => now,
    requests,
    enqueueRollback: async (trigger: RollbackTrigger) => {
      triggers.push(trigger);
    },
  };
  return { deps, triggers };
}

const click = (overrides: Partial<RollbackClick> = {}): RollbackClick => ({
  requestId: 'req_aaaaaaaaaaaa',
  by: 'ou_bob',
  chatId: 'oc_requests',
  messageId: 'om_card',
  ...overrides,
});

describe('askRollbackFromCard', () => {
  it('queues the preparation of an applied request’s rollback, replying in the group chat', async () => {
    const w = await world(makeRequest({ state: 'applied' }));

    const answer = await askRollbackFromCard(click(), w.deps);

    expect(answer.toast.type).toBe('info');
    expect(w.triggers).toEqual([
      {
        requestId: 'req_aaaaaaaaaaaa',
        requester: 'ou_bob',
        chatId: 'oc_requests',
        chatType: 'group',
        sourceMessageId: 'om_card',
        triggerId: `button-req_aaaaaaaaaaaa-ou_bob-${Math.floor(T0 / 600_000)}`,
      },
    ]);
  });

  it('a card in a chat that is not a requests chat is answered as a direct message', async () => {
    const w = await world(makeRequest({ state: 'verify_failed' }));

    await askRollbackFromCard(click({ chatId: 'oc_private' }), w.deps);

    expect(w.triggers[0]?.chatType).toBe('p2p');
  });

  it.each(['pending', 'approved', 'rejected', 'expired'] as const)(
    'refuses a %s request: only an applied change can be rolled back',
    async (state) => {
      const w = await world(makeRequest({ state }));

      const answer = await askRollbackFromCard(click(), w.deps);

      expect(answer.toast).toMatchObject({
        type: 'error',
        content: `Only an applied change can be rolled back; req_aaaaaaaaaaaa is ${state}.`,
      });
      expect(w.triggers).toEqual([]);
    },
  );
});
