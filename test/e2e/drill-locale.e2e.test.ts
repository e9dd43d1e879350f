import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard, textOf } from '../../emulator/ui/static/render-card.js';
import { type Harness, startHarness } from './demo-harness.js';

/**
 * The demo's start drill with `chats.locale: vi_vn`: the drill's first line in the drills chat is a text in
 * the chats' language; its receipt is a card in every locale, so a reader whose Lark client is in Vietnamese
 * reads it in Vietnamese and one in English reads English.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ replyLocales: { locale: 'vi_vn' } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('a drill in a Vietnamese chat (e2e)', () => {
  it('its first line reads in Vietnamese, its receipt card in the reader’s language', async () => {
    const drillId = h.drill?.drillId as string;
    expect(h.drill?.passed, h.drill?.problem ?? '').toBe(true);
    const messages = await h.messages('oc_drills');

    const first = messages.find(
      (item) => item.msg_type === 'text' && String(item.content.text).includes(drillId),
    );
    expect(String(first?.content.text)).toBe(
      `🧪 Diễn tập hoàn tác ${drillId} trên sandbox (demo start): ${h.drill?.table}`,
    );
    // The drill's own requests have cards in this chat too; the receipt is the one titled after the drill.
    const receipt = messages.find(
      (item) =>
        item.msg_type === 'interactive' &&
        textOf(renderCard(item.content)).startsWith(`Rollback drill ${drillId}`),
    );
    const vietnamese = textOf(renderCard(receipt?.content, { locale: 'vi_vn' }));
    expect(vietnamese).toContain(`Diễn tập hoàn tác ${drillId}`);
    expect(vietnamese).toContain('khớp từng byte với ban đầu');
    expect(vietnamese).toContain(h.drill?.rollbackId as string);
    expect(textOf(renderCard(receipt?.content, { locale: 'en_us' }))).toContain(
      'byte-for-byte equal to before',
    );
  }, 60_000);
});
