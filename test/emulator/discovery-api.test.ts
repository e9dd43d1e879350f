import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/create-emulator.js';
import { startTestEmulator, type TestEmulator } from './platform-test-kit.js';

// The set-up reads (emulator/discovery/, and the IM chat list), raw, for the shapes and codes the SDK hides.
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});

describe('emulator GET /open-apis/im/v1/chats', () => {
  it('pages through the group chats the bot is in with an opaque page_token, never one-to-one chats', async () => {
    const seed = structuredClone(emu.seed);
    seed.chats.push(
      { chat_id: 'oc_two', name: 'Two', type: 'group', members: [], bot_member: true },
      { chat_id: 'oc_p2p', name: 'Alice', type: 'p2p', members: ['ou_alice'], bot_member: true },
      { chat_id: 'oc_three', name: 'Three', type: 'group', members: [], bot_member: true },
    );
    const other = await startEmulator(seed, { rateLimits: false });
    try {
      const token = await fetch(`${other.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: seed.app.app_id, app_secret: seed.app.app_secret }),
      }).then(
        async (response) => ((await response.json()) as { tenant_access_token: string }).tenant_access_token,
      );
      const page = async (query: string) =>
        (
          (await (
            await fetch(`${other.url}/open-apis/im/v1/chats?${query}`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).json()) as { data: { items: Array<{ chat_id: string }>; has_more: boolean; page_token: string } }
        ).data;

      const first = await page('page_size=2');
      const second = await page(`page_size=2&page_token=${first.page_token}`);

      expect(first.items.map((chat) => chat.chat_id)).toEqual(['oc_ops', 'oc_two']);
      expect(first.has_more).toBe(true);
      expect(second.items.map((chat) => chat.chat_id)).toEqual(['oc_three']);
      expect(second).toMatchObject({ has_more: false, page_token: '' });
    } finally {
      await other.close();
    }
  });
});

describe('emulator GET /open-apis/application/v6/scopes', () => {
  it('reports every scope Larkgate asks for as granted when the seed names none', async () => {
    const response = await emu.call('GET', '/open-apis/application/v6/scopes');
    const scopes = (response.body.data as { scopes: Array<{ scope_name: string; grant_status: number }> })
      .scopes;

    expect(scopes.map((scope) => scope.scope_name)).toContain('im:message:send_as_bot');
    expect(new Set(scopes.map((scope) => scope.grant_status))).toEqual(new Set([1]));
  });
});

describe('emulator GET /open-apis/drive/v1/permissions/:token/members/auth', () => {
  it.each([
    ['bascnCRMtestBaseToken000001', 'view', true],
    ['bascnCRMtestBaseToken000001', 'edit', true],
    ['bascnReadOnlyBaseToken00001', 'view', true],
    ['bascnReadOnlyBaseToken00001', 'edit', false],
    ['bascnHiddenBaseToken0000001', 'view', false],
    ['bascnNoSuchBaseToken0000000', 'view', false],
  ])('%s may %s: %s', async (token, action, expected) => {
    const response = await emu.call(
      'GET',
      `/open-apis/drive/v1/permissions/${token}/members/auth?type=bitable&action=${action}`,
    );

    expect(response.body).toMatchObject({ code: 0, data: { auth_result: expected } });
  });

  it('refuses a missing action with 400 / 99992402, and is behind the tenant token', async () => {
    const missing = await emu.call('GET', '/open-apis/drive/v1/permissions/x/members/auth?type=bitable');
    const anonymous = await emu.call(
      'GET',
      '/open-apis/drive/v1/permissions/x/members/auth?type=bitable&action=view',
      {
        headers: {},
      },
    );

    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(99992402);
    expect(anonymous.status).not.toBe(200);
  });
});
