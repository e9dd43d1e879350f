import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../create-emulator.js';
import { loadSeedFile } from '../seed.js';

const seed = await loadSeedFile(join(import.meta.dirname, '../../config/emulator/demo-seed.yaml'));
const emulator = await startEmulator(seed, { rateLimits: false });
afterAll(async () => {
  await emulator.close();
});

describe('the chat page routes', () => {
  it('serves the page with a policy that runs only its own files', async () => {
    const response = await fetch(`${emulator.url}/__emulator/ui?as=ou_alice&chat=oc_requests`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<button type="submit" id="send">Send</button>');
  });

  it.each(['chat.js', 'chat.css', 'render-card.js', 'render-markdown.js'])('serves %s', async (file) => {
    const response = await fetch(`${emulator.url}/__emulator/ui/${file}`);

    expect(response.status).toBe(200);
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it('serves nothing else from its folder', async () => {
    expect((await fetch(`${emulator.url}/__emulator/ui/render-card.d.ts`)).status).toBe(404);
    expect((await fetch(`${emulator.url}/__emulator/ui/..%2Fcreate-ui-router.ts`)).status).toBe(404);
  });

  it("lists the seed's people and the bot for the picker", async () => {
    const people = (await (await fetch(`${emulator.url}/__emulator/ui/people`)).json()) as {
      bot: unknown;
      users: unknown[];
    };

    expect(people.bot).toEqual({ name: 'Larkgate', app_id: seed.app.app_id, open_id: 'ou_larkgate_bot' });
    expect(people.users).toContainEqual({ open_id: 'ou_bob', name: 'Bob' });
  });
});
