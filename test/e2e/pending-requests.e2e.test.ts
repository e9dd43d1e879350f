import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatItem, cardText, type Harness, startHarness } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Alice (or `from`) asks in the requests chat; resolves with the bot's first reply to it. */
async function ask(text: string, from = 'ou_alice'): Promise<ChatItem> {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.waitFor(`a reply to "${text}"`, async () =>
    (await h.messages('oc_requests')).find((item) => item.parent_id === asked.message_id),
  );
}

describe('what a newcomer meets', () => {
  it('the batch-delete example help shows opens a request in the demo, not a refusal', async () => {
    const help = String((await ask('help batch-delete')).content.text);
    const example = /Examples:\n {2}(.+)/.exec(help)?.[1];
    expect(example).toBeDefined();

    const answer = await ask(example as string);

    expect(answer.msg_type).toBe('interactive');
    expect(cardText(answer)).toContain('Approval needed');
  });
});
