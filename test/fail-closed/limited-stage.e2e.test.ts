import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonValue, type Harness, startHarness, waitForCard } from '../e2e/demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // crm moves to the limited stage: only Alice may write, only updates and deletes, one record at a time.
  const config = await readFile(h.configPath, 'utf8');
  const limited = config.replace(
    /(- alias: crm\n(?: {4}.*\n)*? {4})stage: live\n/,
    '$1stage: limited\n    limited:\n      requesters: [ou_alice]\n      ops: [update, delete]\n      max_records: 1\n',
  );
  if (limited === config) throw new Error('the demo config has no live crm base to limit');
  await writeFile(h.configPath, limited);
  await h.policyWatcher.reload('test');
  const crm = h.runtime.policy.require().bases.find((base) => base.alias === 'crm');
  if (crm?.stage !== 'limited') throw new Error('crm did not reload into the limited stage');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function ask(from: string, text: string): Promise<{ message_id: string }> {
  return h.say('oc_requests', from, `@Larkgate ${text}`);
}

describe('a base in the limited stage, through the running demo', () => {
  it('lets a listed requester’s listed op through to a diff card, which is approved and applied as on a live base', async () => {
    const asked = await ask('ou_alice', 'update crm/Tasks recTask0003 Status=Done');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);

    expect(JSON.stringify(card.content)).toContain('limited');
    expect(String(buttonValue(card, 'approve').request_id)).toMatch(/^req_[a-z2-7]{12}$/);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    const crm = await h.base('CrmDemoBaseToken0000000000A');
    const task = crm.tables
      .find((table) => table.name === 'Tasks')
      ?.records.find((record) => record.record_id === 'recTask0003');
    expect(task?.fields.Status).toBe('Done');
  });

  it.each([
    [
      'someone not on its list of requesters',
      'ou_erin',
      'update crm/Tasks recTask0001 Status=Done',
      'Refused: crm is in the limited stage: only its listed requesters may write',
    ],
    [
      'an op it does not allow (create)',
      'ou_alice',
      'create crm/Tasks Title="not yet"',
      'Refused: crm is in the limited stage: only update, delete may run, not create',
    ],
    [
      'more records than its ceiling',
      'ou_alice',
      'delete crm/Tasks recTask0001 recTask0002',
      'Refused: crm is in the limited stage: at most 1 record(s) per request, this touches 2',
    ],
  ])('refuses %s, with no card', async (_name, from, text, refusal) => {
    const asked = await ask(from, text);

    expect(await h.textReplyTo('oc_requests', asked.message_id)).toBe(refusal);
    const cards = (await h.messages('oc_requests')).filter(
      (item) => item.parent_id === asked.message_id && item.msg_type === 'interactive',
    );
    expect(cards).toEqual([]);
  });
});
