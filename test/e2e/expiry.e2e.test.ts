import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonValue,
  cardText,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ approvalTtl: '2s' });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('expiry', () => {
  it('an unapproved request expires: the sweeper updates the card, and a late click changes nothing', async () => {
    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recTask0001 Points=21');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);

    const expired = await waitForCard(h, 'oc_requests', card.message_id, 'Expired at', 15_000);
    const late = await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'), true);

    expect(cardText(expired)).not.toContain('"tag":"button"');
    expect(late.body.toast?.content).toBe('this request is expired: votes are closed');
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0001'))?.Points).toBe(3);
  });
});
