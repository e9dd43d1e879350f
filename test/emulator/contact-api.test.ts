import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeopleDirectory } from '../../src/lark/create-people-directory.js';
import { expectHttpError, startTestEmulator, type TestEmulator } from './platform-test-kit.js';

let emu: TestEmulator;
beforeAll(async () => {
  // basic_batch allows 5 calls a second; these tests are about answers, not pacing.
  emu = await startTestEmulator({ rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});

describe('emulator contact v3 basic_batch through the real SDK', () => {
  it('names the users it finds, by the id type asked for, and leaves out ids that name nobody', async () => {
    const response = await emu.client.contact.user.basicBatch({
      data: { user_ids: ['ou_alice', 'ou_nobody', 'ou_bob'] },
      params: { user_id_type: 'open_id' },
    });
    const byUnion = await emu.client.contact.user.basicBatch({
      data: { user_ids: ['on_alice'] },
      params: { user_id_type: 'union_id' },
    });

    expect(response.code).toBe(0);
    expect(response.data?.users?.map((user) => [user.user_id, user.name])).toEqual([
      ['ou_alice', 'Alice'],
      ['ou_bob', 'Bob'],
    ]);
    expect(byUnion.data?.users?.map((user) => user.user_id)).toEqual(['on_alice']);
  });

  it.each([
    ['no ids', []],
    ['more than 10 ids', Array.from({ length: 11 }, (_, i) => `ou_${i}`)],
  ])('refuses %s with 400 / 40001', async (_name, ids) => {
    const error = await expectHttpError(() =>
      emu.client.contact.user.basicBatch({ data: { user_ids: ids }, params: { user_id_type: 'open_id' } }),
    );

    expect(error.status).toBe(400);
    expect(error.data.code).toBe(40001);
  });

  it('is behind the tenant token like every other API', async () => {
    const response = await emu.call('POST', '/open-apis/contact/v3/users/basic_batch', {
      body: { user_ids: ['ou_alice'] },
      headers: {},
    });

    expect(response.status).not.toBe(200);
  });
});

describe('createPeopleDirectory', () => {
  it('finds who Lark does not know, ten ids a call', async () => {
    const directory = createPeopleDirectory({ client: emu.client });
    const many = Array.from({ length: 12 }, (_, i) => `ou_ghost${i}`);

    expect(await directory.findUnknown(['ou_bob', ...many, 'ou_alice', 'ou_bob'])).toEqual(many);
  });
});
