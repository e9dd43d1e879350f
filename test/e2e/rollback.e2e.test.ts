import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/run-cli.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import {
  buttonValue,
  type ChatItem,
  cardText,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Asks, approves as Bob, waits until applied; returns the request id and its card. */
async function applied(text: string): Promise<{ requestId: string; card: ChatItem }> {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  const card = await h.cardReplyTo('oc_requests', asked.message_id);
  await h.clickButton(card.message_id, 'ou_bob', 'Approve');
  const done = await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
  return { requestId: String(buttonValue(card, 'approve').request_id), card: done };
}

/** Asks for a rollback in chat and returns its card (a reply to the rollback message). */
async function rollbackCard(requestId: string, from = 'ou_alice'): Promise<ChatItem> {
  const asked = await h.say('oc_requests', from, `@Larkgate rollback ${requestId}`);
  return h.cardReplyTo('oc_requests', asked.message_id);
}

async function approveAndWait(card: ChatItem): Promise<ChatItem> {
  await h.clickButton(card.message_id, 'ou_carol', 'Approve');
  return waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
}

async function auditEvents(
  type: string,
): Promise<{ request_id: string; details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type);
}

function outsider(): lark.Client {
  return new lark.Client({
    appId: h.seed.app.app_id,
    appSecret: h.seed.app.app_secret,
    domain: h.info.emulator,
    loggerLevel: lark.LoggerLevel.error,
    cache: makeTokenCache(),
  });
}

describe('rollback', () => {
  it('rolls back an update from its backup, as a new approved request, with a receipt; and rolls back the rollback', async () => {
    const crm = tokenOf(h, 'crm');
    const { requestId } = await applied('update crm/Tasks recTask0001 Status=Done Points=8');
    const card = await rollbackCard(requestId);
    expect(cardText(card)).toContain(`**Rollback** of ${requestId}, from backup bk_`);
    expect(JSON.stringify(card.content)).toContain('"before":"Done","after":"Open"');

    const self = await h.clickButton(card.message_id, 'ou_alice', 'Approve');
    expect(self.body.toast?.content).toBe('you asked for this change, so you cannot approve it');
    await approveAndWait(card);

    expect(await recordOf(h, crm, 'Tasks', 'recTask0001')).toMatchObject({ Status: 'Open', Points: 3 });
    const rollbackId = String(buttonValue(card, 'approve').request_id);
    const receipt = (await auditEvents('rollback.executed')).find((event) => event.request_id === rollbackId);
    expect(receipt?.details).toMatchObject({
      rollback_of: requestId,
      restored: ['recTask0001'],
      verified: true,
    });
    expect(String(receipt?.details.from_backup)).toMatch(/^bk_[0-9a-f]{64}$/);

    const again = await rollbackCard(rollbackId);
    await approveAndWait(again);
    expect(await recordOf(h, crm, 'Tasks', 'recTask0001')).toMatchObject({ Status: 'Done', Points: 8 });
  });

  it('rolls back a create from the Roll back button on the applied card (the record is deleted)', async () => {
    const crm = tokenOf(h, 'crm');
    const { card } = await applied('create crm/Tasks Title="Rollback me" Points=2');
    const created = (await h.base(crm)).tables
      .find((t) => t.name === 'Tasks')
      ?.records.find((r) => JSON.stringify(r.fields.Title).includes('Rollback me'));
    expect(created).toBeDefined();

    const clicked = await h.clickButton(card.message_id, 'ou_erin', 'Roll back');
    expect(clicked.body.toast?.type).toBe('info');
    const rollback = await h.cardReplyTo('oc_requests', card.message_id);
    await approveAndWait(rollback);

    expect(await recordOf(h, crm, 'Tasks', created?.record_id ?? '')).toBeUndefined();
  });

  it('once the rollback is applied, the original card says "Rolled back by req_…" with no Roll back button, status says so, and a second rollback is refused', async () => {
    const { requestId, card } = await applied('update crm/Accounts recAcct0001 Plan=Team');
    const rollback = await rollbackCard(requestId);
    await approveAndWait(rollback);
    const rollbackId = String(buttonValue(rollback, 'approve').request_id);

    const original = await waitForCard(h, 'oc_requests', card.message_id, `Rolled back by ${rollbackId}`);
    const status = await h.say('oc_requests', 'ou_erin', `@Larkgate status ${requestId}`);
    const snapshot = await h.cardReplyTo('oc_requests', status.message_id);
    const again = await h.say('oc_requests', 'ou_alice', `@Larkgate rollback ${requestId}`);

    expect(() => buttonValue(original, 'rollback')).toThrow('no rollback button');
    expect(cardText(original)).toContain(`**Rolled back** by ${rollbackId}`);
    expect(cardText(snapshot)).toContain(`Rolled back by ${rollbackId}`);
    expect(await h.textReplyTo('oc_requests', again.message_id)).toBe(
      `${requestId} was already rolled back by ${rollbackId}; to undo that rollback, roll back ${rollbackId}.`,
    );
  });

  it('rolls back a delete by re-creating the record with its values, mapping old id to new', async () => {
    const crm = tokenOf(h, 'crm');
    const { requestId } = await applied('delete crm/Accounts recAcct0002');
    expect(await recordOf(h, crm, 'Accounts', 'recAcct0002')).toBeUndefined();

    const card = await rollbackCard(requestId);
    await approveAndWait(card);
    const rollbackId = String(buttonValue(card, 'approve').request_id);
    const receipt = (await auditEvents('rollback.executed')).find((event) => event.request_id === rollbackId);
    const newId = ((receipt?.details.id_map ?? {}) as Record<string, string>).recAcct0002 as string;

    expect(newId).toMatch(/^rec/);
    expect(await recordOf(h, crm, 'Accounts', newId)).toMatchObject({ Plan: 'Team', ARR: 18000 });
  });

  it('shows a conflict field by field when the target changed since, and writes only if that exact rollback is approved', async () => {
    const crm = tokenOf(h, 'crm');
    const { requestId } = await applied('update crm/Tasks recTask0003 Status=Done');
    await outsider().bitable.appTableRecord.update({
      path: { app_token: crm, table_id: 'tblTasks0000001', record_id: 'recTask0003' },
      data: { fields: { Status: 'In progress' } },
    });

    const card = await rollbackCard(requestId);
    expect(cardText(card)).toContain('**Conflict**');
    expect(cardText(card)).toContain('recTask0003 Status is now In progress (applied: Done)');
    expect((await recordOf(h, crm, 'Tasks', 'recTask0003'))?.Status).toBe('In progress');
    await approveAndWait(card);

    expect((await recordOf(h, crm, 'Tasks', 'recTask0003'))?.Status).toBe('Open');
  });

  it('refuses a rollback from a tampered backup, saying so and what to do, and writes nothing', async () => {
    const crm = tokenOf(h, 'crm');
    const { requestId, card } = await applied('update crm/Tasks recTask0002 Points=6');
    const backupId = /bk_[0-9a-f]{64}/.exec(cardText(card))?.[0] as string;
    const path = join(h.dir, 'backups', `${backupId}.asc`);
    const bytes = await readFile(path, 'utf8');
    await writeFile(
      path,
      bytes.replace(/[A-Za-z0-9](?=[A-Za-z0-9]{20}\n)/, (c) => (c === 'A' ? 'B' : 'A')),
    );
    const mark = (await h.requests()).length;

    const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate rollback ${requestId}`);
    const reply = await h.textReplyTo('oc_requests', asked.message_id);
    // Give a retried intake job the time to act, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(reply).toContain(`Cannot roll back ${requestId}: backup ${backupId} failed its integrity check`);
    expect(reply).toContain('must not be restored');
    expect(reply).toContain('docs/runbooks/restore.md');
    expect(reply).toContain('Nothing was changed');
    const replies = (await h.messages('oc_requests')).filter((m) => m.parent_id === asked.message_id);
    expect(replies.map((m) => m.msg_type)).toEqual(['text']);
    const denied = (await auditEvents('tool.denied')).filter(
      (event) => event.details.action === 'rollback' && event.details.rollback_of === requestId,
    );
    expect(denied).toHaveLength(1);
    expect(denied[0]?.details).toMatchObject({
      backup_id: backupId,
      backup_error: 'backup_hash_mismatch',
      denials: [expect.objectContaining({ code: 'backup.unusable' })],
    });
    const bitableCalls = (await h.requests()).slice(mark).filter((r) => r.path.includes('/bitable/'));
    expect(bitableCalls).toEqual([]);
    expect((await recordOf(h, crm, 'Tasks', 'recTask0002'))?.Points).toBe(6);
  });

  it('refuses to roll back a request that was not applied', async () => {
    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recTask0004 Points=1');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    const requestId = String(buttonValue(card, 'approve').request_id);

    const say = await h.say('oc_requests', 'ou_alice', `@Larkgate rollback ${requestId}`);
    expect(await h.textReplyTo('oc_requests', say.message_id)).toBe(
      `Only an applied change can be rolled back; ${requestId} is pending.`,
    );
  });

  it('larkgate rollback prepares the same request from a shell, and backup decrypt prints the before-state or refuses a tampered file', async () => {
    const { requestId, card } = await applied('update crm/Accounts recAcct0001 ARR=125000');
    const backupId = /bk_[0-9a-f]{64}/.exec(cardText(card))?.[0] as string;

    expect(
      await runCli(['node', 'larkgate', 'rollback', requestId, '--config', h.configPath, '--as', 'ou_erin']),
    ).toBe(0);
    const rollback = await h.cardReplyTo('oc_requests', card.message_id);
    expect(cardText(rollback)).toContain(`Rollback** of ${requestId}`);

    const out = join(h.dir, 'before.json');
    expect(
      await runCli([
        'node',
        'larkgate',
        'backup',
        'decrypt',
        backupId,
        '--config',
        h.configPath,
        '--out',
        out,
      ]),
    ).toBe(0);
    const document = JSON.parse(await (await import('node:fs/promises')).readFile(out, 'utf8'));
    expect(document.records).toEqual([
      { record_id: 'recAcct0001', fields: { ARR: 120000, Name: 'Acme', Plan: 'Enterprise' } },
    ]);

    const path = join(h.dir, 'backups', `${backupId}.asc`);
    const bytes = await (await import('node:fs/promises')).readFile(path, 'utf8');
    await writeFile(
      path,
      bytes.replace(/[A-Za-z0-9](?=[A-Za-z0-9]{20}\n)/, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect(
      await runCli([
        'node',
        'larkgate',
        'backup',
        'decrypt',
        backupId,
        '--config',
        h.configPath,
        '--out',
        out,
      ]),
    ).toBe(1);
    expect(await runCli(['node', 'larkgate', 'backup', 'decrypt', 'bk_nope', '--config', h.configPath])).toBe(
      2,
    );
  });
});
