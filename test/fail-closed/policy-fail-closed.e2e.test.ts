import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_QUEUE, type IncomingMessage } from '../../jobs/queue-names.js';
import { ConfigError } from '../../src/config/config-error.js';
import { createRuntime } from '../../src/main/create-runtime.js';
import { runCli } from '../../src/main/run-cli.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { type Harness, startHarness } from '../e2e/demo-harness.js';

let h: Harness;
let goodConfig: string;
beforeAll(async () => {
  h = await startHarness();
  goodConfig = await readFile(h.configPath, 'utf8');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function auditEvents(): Promise<{ type: string; details: Record<string, unknown> }[]> {
  const records = await readAuditFile(join(h.dir, 'audit/audit.jsonl'));
  return records.map((record) => JSON.parse(record.text));
}

async function readyz(): Promise<{ status: number; body: { ready: boolean; why?: string } }> {
  const response = await fetch(`${h.info.bot}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; why?: string } };
}

async function pushAnything(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${h.info.bot}/lark/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ encrypt: 'irrelevant' }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the policy fails closed on reload', () => {
  it('a policy file that stops validating stops serving (503, readiness says why) until it is fixed', async () => {
    expect((await readyz()).status).toBe(200);

    // An edit that breaks the policy: a literal secret where a reference belongs. The file watcher sees it.
    await writeFile(h.configPath, goodConfig.replace('secret://file/secrets/app_secret', 'hunter2'));
    const down = await h.waitFor('readiness to fail', async () => {
      const answer = await readyz();
      return answer.status === 503 ? answer : undefined;
    });

    expect(down.body.why).toMatch(
      /no policy in force: policy cannot be loaded: .*larkgate\.yaml: app\.app_secret: a literal secret/,
    );
    expect(await pushAnything()).toEqual({
      status: 503,
      body: { error: 'unavailable', why: 'no policy in force' },
    });
    expect(() => h.runtime.policy.require()).toThrow(/no policy in force/);
    const refused = (await auditEvents()).filter((event) => event.type === 'policy.reloaded');
    expect(refused.at(-1)?.details).toMatchObject({ ok: false, trigger: 'file-change' });

    // Fixed: serving again, with the policy reloaded (and audited as such).
    await writeFile(h.configPath, goodConfig);
    await h.waitFor('readiness to recover', async () => (await readyz()).status === 200);
    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0001');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    expect(JSON.stringify(card.content)).toContain('recTask0001');
    const events = await auditEvents();
    expect(events.filter((event) => event.type === 'policy.reloaded').at(-1)?.details).toMatchObject({
      ok: true,
    });
    expect(events.filter((event) => event.type === 'alignment.checked').at(-1)?.details).toMatchObject({
      policy_hash: h.runtime.policy.require().hash,
    });
  });

  it('workers take no job while no policy is in force, and take it once the policy is fixed', async () => {
    const connection = new Redis(h.redisUrl, { maxRetriesPerRequest: 1 });
    const intake = new Queue(INTAKE_QUEUE, { connection, prefix: h.runtime.keys.queuePrefix });
    try {
      await writeFile(h.configPath, 'version: 1\nbases: [\n');
      await h.policyWatcher.reload('sighup');
      expect(h.runtime.policy.current()).toBeNull();

      // The push itself is refused (503); this stands for a message queued just before the policy broke.
      const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0002');
      const message: IncomingMessage = {
        eventId: `evt-paused-${asked.message_id}`,
        messageId: asked.message_id,
        chatId: 'oc_requests',
        chatType: 'group',
        senderOpenId: 'ou_alice',
        text: 'get crm/Tasks recTask0002',
        mentionedBot: true,
        createTimeMs: Date.now(),
      };
      const job = await intake.add(
        'message',
        { message },
        { jobId: `msg-${message.messageId}`, attempts: 5 },
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // Not taken, not refused, not failed: it waits (held) for a policy.
      const held = await intake.getJob(job.id as string);
      expect(['waiting', 'delayed']).toContain(await held?.getState());
      expect(held?.attemptsMade).toBe(0);
      const replies = (await h.messages('oc_requests')).filter((item) => item.parent_id === asked.message_id);
      expect(replies).toEqual([]);

      await writeFile(h.configPath, goodConfig);
      await h.policyWatcher.reload('sighup');
      const card = await h.cardReplyTo('oc_requests', asked.message_id);
      expect(JSON.stringify(card.content)).toContain('recTask0002');
    } finally {
      await intake.close();
      connection.disconnect();
    }
  });

  it('a SIGHUP-style reload of an unparsable policy also leaves nothing in force', async () => {
    await writeFile(h.configPath, 'version: 1\nbases: [\n');
    await h.policyWatcher.reload('sighup');

    expect(h.runtime.policy.current()).toBeNull();
    expect((await readyz()).body.why).toMatch(/not valid YAML/);

    await writeFile(h.configPath, goodConfig);
    await h.policyWatcher.reload('sighup');
    expect(h.runtime.policy.current()).not.toBeNull();
  });
});

describe('the policy fails closed at start', () => {
  const logger = pino({ level: 'silent' });

  it('a pinned policy hash that does not match refuses to start, and says so in the audit log', async () => {
    const start = createRuntime({
      configPath: h.configPath,
      role: 'pin-test',
      env: { ...process.env, LARKGATE_POLICY_PIN: 'a'.repeat(64) },
      logger,
    });

    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(
      /LARKGATE_POLICY_PIN: the policy's hash .* does not match the pinned aaaaaaaaaaaa…/,
    );
    const alignment = (await auditEvents()).filter(
      (event) => event.type === 'alignment.checked' && event.details.pinned === 'a'.repeat(64),
    );
    expect(alignment).toHaveLength(1);
    expect(alignment[0]?.details.ok).toBe(false);
  });

  it('a pin that matches starts', async () => {
    const hash = h.runtime.policy.require().hash;
    const runtime = await createRuntime({
      configPath: h.configPath,
      role: 'pin-test',
      env: { ...process.env, LARKGATE_POLICY_PIN: hash },
      logger,
    });
    expect(runtime.policy.current()?.hash).toBe(hash);
    await runtime.close();
  });

  it('serve with an unloadable policy exits 2 and starts nothing', async () => {
    const bad = join(h.dir, 'broken.yaml');
    await writeFile(bad, goodConfig.replace('tier: L2', 'tier: L9'));

    expect(await runCli(['node', 'larkgate', 'serve', '--config', bad])).toBe(2);
  });
});
