import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPromoteCommand } from '../../src/main/promote-command.js';
import { registerTourCommand } from '../../src/main/tour-command.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { cardText, type Harness, startHarness } from '../e2e/demo-harness.js';
import { runCommand } from '../helpers/run-command.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const promote = (alias: string, stage: string) =>
  runCommand(registerPromoteCommand, ['promote', alias, stage, '--config', h.configPath]);

function stageOf(alias: string): string | undefined {
  return h.runtime.policy.current()?.bases.find((base) => base.alias === alias)?.stage;
}

/** The demo's bot reloads the policy when the file changes; wait until it is in force. */
function reloaded(alias: string, stage: string): Promise<true> {
  return h.waitFor(
    `${alias} to be ${stage} in the running bot`,
    async () => stageOf(alias) === stage || undefined,
  );
}

async function reply(text: string, from = 'ou_alice'): Promise<string> {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.textReplyTo('oc_requests', asked.message_id);
}

describe('delivery stages through larkgate promote, in the running demo', () => {
  it('moves a base down at once, keeps the config’s comments, audits it, and the bot enforces it', async () => {
    const result = await promote('crm', 'read-only');

    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Moved down: crm live → read-only in .*larkgate\.yaml \(policy [0-9a-f]{12}…\), recorded as stage\.promoted\./,
    );
    const text = await readFile(h.configPath, 'utf8');
    expect(text.startsWith('# Written by larkgate demo')).toBe(true);
    await reloaded('crm', 'read-only');
    const promoted = (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
      .map((record) => JSON.parse(record.text))
      .filter((event) => event.type === 'stage.promoted');
    expect(promoted.at(-1)?.details).toMatchObject({
      base: 'crm',
      from: 'live',
      to: 'read-only',
      direction: 'demote',
    });

    // read-only: reads work, writes are refused with the stage named; help shows the stage.
    expect(await reply('update crm/Tasks recTask0001 Status=Done')).toBe(
      'Refused: crm is in the read-only stage: reads only, no write requests',
    );
    const read = await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0001');
    expect(cardText(await h.cardReplyTo('oc_requests', read.message_id))).toContain('stage read-only');
    expect(await reply('help bases')).toContain('• crm (read-only: reads only): Tasks, Accounts');
  });

  it('refuses a promotion the evidence does not support, naming what is missing, and changes nothing', async () => {
    const before = await readFile(h.configPath, 'utf8');

    const result = await promote('crm', 'limited');

    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /^Refused: crm stays read-only\. Moving it to limited needs evidence that is not on record:\n/,
    );
    expect(result.out).toContain('  ✗ a read tour of crm (run larkgate tour)\n');
    expect(result.out).toContain(
      '  ✗ a dry run on crm: a write request whose diff card was sent (request.created, then request.card_sent)\n',
    );
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
    expect(stageOf('crm')).toBe('read-only');
  });

  it('refuses to skip a stage', async () => {
    const result = await promote('crm', 'live');

    expect(result.code).toBe(1);
    expect(result.out).toContain(
      '✗ promote one stage at a time: crm is read-only, so the next stage is limited',
    );
  });

  it('in the dry-run stage shows the diff card but nothing can be approved; a green tour promotes it to read-only', async () => {
    expect((await promote('crm', 'dry-run')).code).toBe(0);
    await reloaded('crm', 'dry-run');
    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate update crm/Tasks recTask0001 Status=Done',
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    expect(cardText(card)).toContain(
      'crm is in the dry-run stage: this card is a dry run, nothing can be approved or executed.',
    );
    const click = await h.clickButton(card.message_id, 'ou_bob', 'Approve').catch((error: Error) => error);
    expect(click instanceof Error ? click.message : click.body.toast?.content).toMatch(
      /no button|dry run|votes are closed/,
    );

    expect((await promote('crm', 'read-only')).out).toContain('✗ a read tour of crm (run larkgate tour)');
    expect((await runCommand(registerTourCommand, ['tour', '--config', h.configPath])).code).toBe(0);
    const promoted = await promote('crm', 'read-only');

    expect(promoted.code).toBe(0);
    expect(promoted.out).toMatch(/^Promoted: crm dry-run → read-only .*\nEvidence: tour\.completed tour-/);
    await reloaded('crm', 'read-only');
  });

  it('refuses a change the policy itself forbids: limited without its limited block', async () => {
    // Evidence for limited is on record now (tour, the dry run above); a rollback drill is added here.
    await h.runtime.auditLog.append({
      type: 'drill.passed',
      actor: 'test',
      requestId: null,
      details: { drill: 'rollback', base: 'sandbox' },
    });

    const result = await promote('crm', 'limited');

    expect(result.code).toBe(1);
    expect(result.out).toContain(
      '✗ the policy would not load: stage "limited" needs a limited block: requesters, ops, max_records (bases[0].limited)',
    );
    expect(stageOf('crm')).toBe('read-only');
  });

  it('refuses an unknown stage or base as usage errors', async () => {
    expect((await promote('crm', 'production')).code).toBe(2);
    const unknown = await promote('nowhere', 'live');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no base "nowhere" (known: crm, billing, sandbox)');
  });
});
