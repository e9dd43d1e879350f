import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveMarkup, findLiveMarkupInCard, type LiveMarkup } from '../../src/domain/find-live-markup.js';
import { type ChatItem, cardText, type Harness, startHarness, tokenOf, waitForCard } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const TASKS = 'tblTasks0000001';
const HOSTILE =
  '<at user_id=all></at> <AT ID=all/> <at email=ceo@corp.example></at> [click](http://evil.example) www.evil.com \u202Eexe.txt';

/**
 * The bot's own formatting (bold words, help's `<base>` placeholders) is not what is checked here (the
 * property test in test/cards covers markup); mentions, links and obeyed invisible controls are.
 */
function notOwnMarkup(found: LiveMarkup): boolean {
  return found.kind !== 'markup' || /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(found.text);
}

type Listed = ChatItem & { mentions: unknown[]; text: string | null };

/** Everything the bot posted in a chat that would notify someone or link somewhere. */
async function liveInBotMessages(chatId: string): Promise<{ mentions: unknown[]; live: unknown[] }> {
  const items = (await h.messages(chatId)) as Listed[];
  const fromBot = items.filter((item) => item.sender.startsWith('cli_'));
  return {
    mentions: fromBot.flatMap((item) =>
      item.msg_type === 'text'
        ? [...item.mentions, ...(String(item.content.text).includes('@_all') ? ['@_all'] : [])]
        : [],
    ),
    live: fromBot.flatMap((item) =>
      item.msg_type === 'text'
        ? findLiveMarkup(String(item.content.text), 'text').filter(notOwnMarkup)
        : // The bot's own mentions of the requester and approvers are the only ones a card may hold.
          findLiveMarkupInCard(item.content).filter(
            (found) => !/^<at id=ou_(alice|bob|carol|dave)>$/.test(found.text) && notOwnMarkup(found),
          ),
    ),
  };
}

describe('hostile chat text and Base values stay inert in what the bot posts (emulator, real Redis)', () => {
  it('chat text: at tags, links and bidi in commands are echoed inert, and nobody is mentioned', async () => {
    const asks = [
      `@Larkgate get crm/Tasks "<at user_id=all></at>"`,
      `@Larkgate update crm/Tasks recTask0001 "<at user_id=ou_carol></at>"=1`,
      `@Larkgate search crm/Tasks Title="${HOSTILE.replace(/"/g, '')}"`,
      `@Larkgate status <at user_id=all></at>`,
      `@Larkgate help <at user_id=all></at>[x](http://evil.example)`,
      `@Larkgate frobnicate <at id=all></at> http://evil.example`,
    ];
    for (const text of asks) {
      const asked = await h.say('oc_requests', 'ou_alice', text);
      await h.waitFor(`an answer to ${text}`, async () =>
        (await h.messages('oc_requests')).find((item) => item.parent_id === asked.message_id),
      );
    }
    const bot = await liveInBotMessages('oc_requests');
    expect(bot.mentions).toEqual([]);
    expect(bot.live).toEqual([]);
    // What was asked is still readable: the look-alikes show it.
    const replies = (await h.messages('oc_requests')).filter((item) => item.msg_type === 'text');
    expect(replies.map((item) => String(item.content.text)).join('\n')).toContain('‹at user_id=all›‹/at›');
  });

  it('Base values: a hostile cell and field name reach the cards and the audit chat inert', async () => {
    const crm = tokenOf(h, 'crm');
    // Someone edits the Base directly: a cell value and a field's name.
    const fields = await h.runtime.gateway.listFields(crm, TASKS);
    await h.runtime.gateway.updateRecord(crm, TASKS, 'recTask0002', fields, { Title: HOSTILE });
    const specs = await h.runtime.gateway.listFieldSpecs(crm, TASKS);
    const points = specs.find((spec) => spec.name === 'Points');
    if (!points?.fieldId) throw new Error('no Points field');
    const fieldName = 'Pts <at user_id=all></at> evil.example';
    await h.runtime.gateway.updateField(crm, TASKS, points.fieldId, { ...points, name: fieldName });

    const read = await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0002');
    const recordCard = await h.cardReplyTo('oc_requests', read.message_id);
    expect(cardText(recordCard)).toContain('evil');

    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      `@Larkgate update crm/Tasks recTask0002 Status=Done "Pts <at user_id=all></at> evil.example"=8`,
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    const line = await h.waitFor('the audit-chat line', async () =>
      (await h.messages('oc_audit')).find((item) => String(item.content.text).includes('applied')),
    );
    for (const chat of ['oc_requests', 'oc_audit']) {
      const bot = await liveInBotMessages(chat);
      expect(bot.mentions, chat).toEqual([]);
      expect(bot.live, chat).toEqual([]);
    }
    expect(String(line.content.text)).toContain('Pts ‹at user_id=all›‹/at› evil․example');
  });
});
