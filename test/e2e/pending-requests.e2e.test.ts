import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRollbackCommand } from '../../src/main/rollback-command.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { runCommand } from '../helpers/run-command.js';
import {
  buttonValue,
  type ChatItem,
  cardText,
  type Harness,
  startHarness,
  waitForCard,
} from './demo-harness.js';

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

async function audited(type: string): Promise<{ request_id: string; details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type);
}

const requestIdOf = (card: ChatItem) => String(buttonValue(card, 'approve').request_id);

describe('a request that is already pending', () => {
  it('is not opened twice, from anyone: the second asker is pointed at the first; once settled it can be asked again', async () => {
    const first = await ask('update crm/Tasks recTask0003 Points=7');
    expect(first.msg_type).toBe('interactive');
    const firstId = requestIdOf(first);

    const second = await ask('update crm/Tasks recTask0003 Points=7', 'ou_erin');

    expect(second.msg_type).toBe('text');
    expect(String(second.content.text)).toContain(
      `Not opened: ${firstId} already asks for exactly this change and is waiting for approval.`,
    );
    expect(await audited('request.duplicate')).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ duplicate_of: firstId }) }),
    );
    await h.clickButton(first.message_id, 'ou_bob', 'Reject');
    await waitForCard(h, 'oc_requests', first.message_id, 'Rejected');
    const third = await ask('update crm/Tasks recTask0003 Points=7', 'ou_erin');
    expect(third.msg_type).toBe('interactive');
    expect(requestIdOf(third)).not.toBe(firstId);
  });

  it('says on its card when another applied change made its diff outdated, and then ends stale if approved', async () => {
    const outdated = await ask('update crm/Tasks recTask0002 Status=Done');
    const disjoint = await ask('update crm/Tasks recTask0002 Points=9');
    const winner = await ask('update crm/Tasks recTask0002 Status=Open');
    const winnerId = requestIdOf(winner);

    await h.clickButton(winner.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', winner.message_id, 'Applied and verified');
    const patched = await waitForCard(h, 'oc_requests', outdated.message_id, 'Outdated');

    expect(cardText(patched)).toContain(
      `recTask0002 changed since this diff (by ${winnerId}); this request will abort as stale if approved.`,
    );
    await h.clickButton(outdated.message_id, 'ou_carol', 'Approve');
    await waitForCard(h, 'oc_requests', outdated.message_id, 'Not applied: stale');
    // Another field of the same record: still a true diff, so not marked, and it applies.
    await h.clickButton(disjoint.message_id, 'ou_carol', 'Approve');
    await waitForCard(h, 'oc_requests', disjoint.message_id, 'Applied and verified');
    expect((await audited('request.outdated')).map((event) => event.request_id)).toEqual([
      requestIdOf(outdated),
    ]);
  });
});

describe('people who do not exist', () => {
  it('a user value that names nobody is refused at the dry run, not at the write after approval', async () => {
    const nobody = await ask('update crm/Tasks recTask0001 Owner=ou_nobody');

    expect(nobody.msg_type).toBe('text');
    expect(String(nobody.content.text)).toBe(
      'Owner: ou_nobody is nobody Lark knows in this organisation. @mention the person in your message instead; nothing was asked for.',
    );
    const erin = await ask('update crm/Tasks recTask0001 Owner=ou_erin');
    expect(erin.msg_type).toBe('interactive');
  });

  it('larkgate rollback --as someone Lark does not know exits 2 and opens nothing', async () => {
    const card = await ask('update crm/Tasks recTask0004 Points=8');
    const before = (await h.messages('oc_requests')).length;

    const result = await runCommand(registerRollbackCommand, [
      'rollback',
      requestIdOf(card),
      '--config',
      h.configPath,
      '--as',
      'ou_nobody',
    ]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('--as ou_nobody is nobody Lark knows in this organisation');
    expect((await h.messages('oc_requests')).length).toBe(before);
  });
});

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
