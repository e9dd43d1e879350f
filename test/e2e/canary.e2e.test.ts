import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { buttonValue, type Harness, startHarness, waitForCard } from './demo-harness.js';

const CANARIES = {
  app_secret: 'CANARY-app-secret-7d1f0c2b9e',
  encrypt_key: 'CANARY-encrypt-key-4a8e6b1d3f',
  verification_token: 'CANARY-verification-token-9c2e',
};

let h: Harness;
let auditKey: string;
beforeAll(async () => {
  const seed = parse(await readFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'), 'utf8'));
  Object.assign(seed.app, CANARIES);
  const seedPath = join(await mkdtemp(join(tmpdir(), 'larkgate-canary-')), 'seed.yaml');
  await writeFile(seedPath, stringify(seed));
  h = await startHarness({ seedPath, larkTimeoutMs: 1_000 });
  auditKey = await readFile(join(h.dir, 'secrets/audit_key'), 'utf8');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Every value in Redis, whatever its type (strings, hashes, lists, sets, sorted sets, streams). */
async function dumpRedis(): Promise<string> {
  const redis = h.runtime.redis;
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    parts.push(key);
  }
  return parts.join('\n');
}

describe('canary secrets', () => {
  it('appear in no log, audit event, Redis key or job, card, chat message or error answer', async () => {
    const answers: string[] = [];
    // A full governed write, through every step.
    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recTask0002 Points=4');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    answers.push(JSON.stringify(await h.click(card.message_id, 'ou_alice', buttonValue(card, 'approve'))));
    answers.push(JSON.stringify(await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'))));
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    // Error paths: a forged push, a bad command, a refused egress, a Lark error and a timeout.
    const forged = await fetch(`${h.info.bot}/lark/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lark-signature': 'f'.repeat(64),
        'x-lark-request-timestamp': '1',
        'x-lark-request-nonce': 'n',
      },
      body: JSON.stringify({ encrypt: 'AAAA' }),
    });
    answers.push(await forged.text());
    const bad = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recNope0001 Points=x');
    await h.textReplyTo('oc_requests', bad.message_id);
    const errors: unknown[] = [];
    await h.runtime.lark.client.bitable.appTableRecord
      .list({ path: { app_token: 'x', table_id: 'y' } })
      .catch((error: unknown) => errors.push(error));
    await h.runtime.gateway
      .getRecords('NoSuchBase00000000000000000', 'tblNope', ['recA1234'], [])
      .catch((error: unknown) => errors.push(error));
    await fetch(`${h.info.emulator}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'timeout_after_apply',
        path_prefix: '/open-apis/bitable',
        count: 1,
        latency_ms: 1_500,
      }),
    });
    await h.runtime.gateway
      .listTables(h.info.bases[0]?.app_token ?? '')
      .catch((error: unknown) => errors.push(error));
    expect(errors).toHaveLength(3);
    for (const error of errors)
      answers.push(JSON.stringify(error), String(error), (error as Error).stack ?? '');

    const sinks = {
      logs: h.logs.join(''),
      audit: await readFile(join(h.dir, 'audit/audit.jsonl'), 'utf8'),
      redis: await dumpRedis(),
      chats: JSON.stringify(
        await Promise.all(
          ['oc_requests', 'oc_audit', 'oc_oncall', 'oc_drills'].map((chat) => h.messages(chat)),
        ),
      ),
      answers: answers.join('\n'),
      config: await readFile(h.configPath, 'utf8'),
      backups: (
        await Promise.all(
          (
            await readdir(join(h.dir, 'backups'))
          ).map((file) => readFile(join(h.dir, 'backups', file), 'utf8')),
        )
      ).join(''),
    };

    expect(sinks.logs.length).toBeGreaterThan(1_000);
    expect(sinks.audit).toContain('secret.loaded');
    for (const [sink, text] of Object.entries(sinks)) {
      for (const canary of [...Object.values(CANARIES), auditKey]) {
        expect({ sink, leaked: text.includes(canary) }).toEqual({ sink, leaked: false });
      }
    }
  });
});
