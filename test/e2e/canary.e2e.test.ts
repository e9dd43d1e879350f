import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import { sealPush } from '../../emulator/events/seal-push.js';
import { createRuntime } from '../../src/main/create-runtime.js';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { startServe } from '../../src/main/start-serve.js';
import { buttonValue, type Harness, startHarness, waitForCard } from './demo-harness.js';

/** The Lark app's secrets, given to the emulator (Lark) and, through secret files, to Larkgate. */
const CANARIES = {
  app_secret: 'CANARY-app-secret-7d1f0c2b9e',
  encrypt_key: 'CANARY-encrypt-key-4a8e6b1d3f',
  verification_token: 'CANARY-verification-token-9c2e',
};
/** The rest of the config's secrets that are plain text: the backup key's passphrase, the secrets being retired. */
const MORE_CANARIES = {
  backup_key_passphrase: 'CANARY-backup-passphrase-3e9a51c7',
  app_secret_previous: 'CANARY-app-secret-previous-8b2d4f',
  encrypt_key_previous: 'CANARY-encrypt-key-previous-6c1a9e',
};

let h: Harness;
/** Every secret value to look for: the canaries and the generated keys, as they appear in their files. */
let secrets: Record<string, string>;
beforeAll(async () => {
  const seed = parse(await readFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'), 'utf8'));
  Object.assign(seed.app, CANARIES);
  const seedPath = join(await mkdtemp(join(tmpdir(), 'larkgate-canary-')), 'seed.yaml');
  await writeFile(seedPath, stringify(seed));
  h = await startHarness({
    seedPath,
    larkTimeoutMs: 1_000,
    backupKeyPassphrase: MORE_CANARIES.backup_key_passphrase,
  });
  secrets = {
    ...CANARIES,
    ...MORE_CANARIES,
    'audit.fingerprint_key': await readFile(join(h.dir, 'secrets/audit_key'), 'utf8'),
    'audit.checkpoint_key': await readFile(join(h.dir, 'secrets/audit_checkpoint_key'), 'utf8'),
    'audit.hash_key': await readFile(join(h.dir, 'secrets/audit_hash_key'), 'utf8'),
    'backup.private_key': await readFile(join(h.dir, 'ops-backup.key.asc'), 'utf8'),
  };
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The read-only dashboard and every audit event page it links to (the evidence pages show whole events). */
async function dashboardPages(): Promise<string> {
  if (h.info.dashboard === null) throw new Error('the demo started no dashboard');
  const page = await (await fetch(h.info.dashboard)).text();
  const links = [...new Set(page.match(/\/dashboard\/evidence\/[^"]+/g) ?? [])];
  expect(links.length).toBeGreaterThan(0);
  const evidence = await Promise.all(
    links.map(async (link) => (await fetch(new URL(link, h.info.dashboard ?? '').href)).text()),
  );
  return [page, ...evidence].join('\n');
}

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

/**
 * What to look for of one secret: the value itself and, for a multi-line key (PEM, OpenPGP armor), each line
 * of its base64 body and the body joined, so a key that leaks re-wrapped or JSON-escaped is still caught.
 */
function fragmentsOf(secret: string): string[] {
  const body = secret.split(/\r?\n/).filter((line) => /^[A-Za-z0-9+/]{24,}={0,2}$/.test(line));
  return body.length === 0 ? [secret] : [secret, ...body, body.join('')];
}

/**
 * Runs the bot on the demo config mid-rotation (the previous app secret and encrypt key set to canaries),
 * and sends it a push sealed with the previous key and a forged one; returns the answers.
 */
async function duringRotation(): Promise<{ statuses: number[]; answers: string[] }> {
  for (const name of ['app_secret_previous', 'encrypt_key_previous'] as const)
    await writeFile(join(h.dir, 'secrets', name), MORE_CANARIES[name], { mode: 0o600 });
  const doc = parseDocument(await readFile(h.configPath, 'utf8'));
  doc.setIn(['app', 'app_secret_previous'], 'secret://file/secrets/app_secret_previous');
  doc.setIn(['app', 'encrypt_key_previous'], 'secret://file/secrets/encrypt_key_previous');
  doc.setIn(['app', 'previous_valid_until'], new Date(Date.now() + 3600_000).toISOString());
  const configPath = join(h.dir, 'larkgate-rotating.yaml');
  await writeFile(configPath, doc.toString());
  const runtime = await createRuntime({
    configPath,
    role: 'canary-rotation',
    env: process.env,
    logger: h.logger,
  });
  const serve = await startServe(runtime, { port: 0, host: '127.0.0.1' });
  try {
    const statuses: number[] = [];
    const answers: string[] = [];
    for (const key of [MORE_CANARIES.encrypt_key_previous, 'not-our-key']) {
      const now = Date.now();
      const sealed = sealPush(
        {
          schema: '2.0',
          header: {
            event_id: `ev_canary_${key.length}_${now}`,
            event_type: 'im.chat.updated_v1',
            token: CANARIES.verification_token,
            create_time: String(now),
          },
          event: {},
        },
        key,
        now,
      );
      const response = await fetch(`${serve.url}/lark/events`, {
        method: 'POST',
        headers: sealed.headers,
        body: sealed.body,
      });
      statuses.push(response.status);
      answers.push(await response.text());
    }
    return { statuses, answers };
  } finally {
    await serve.close();
    await runtime.close();
  }
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
    // Its rollback: the backup is decrypted with the private key, unlocked by its passphrase.
    const rollback = await h.say(
      'oc_requests',
      'ou_alice',
      `@Larkgate rollback ${buttonValue(card, 'approve').request_id}`,
    );
    const rollbackCard = await h.cardReplyTo('oc_requests', rollback.message_id);
    answers.push(
      JSON.stringify(await h.click(rollbackCard.message_id, 'ou_bob', buttonValue(rollbackCard, 'approve'))),
    );
    await waitForCard(h, 'oc_requests', rollbackCard.message_id, 'Applied and verified');
    // A signed audit checkpoint, posted to the audit chat.
    const checkpoint = await h.runtime.auditLog.checkpoint();
    await h.waitFor('the checkpoint in the audit chat', async () =>
      JSON.stringify(await h.messages('oc_audit')).includes(checkpoint.signature),
    );
    // The previous app secret and encrypt key, during a rotation.
    const rotation = await duringRotation();
    expect(rotation.statuses).toEqual([200, 401]);
    answers.push(...rotation.answers);
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
      dashboard: await dashboardPages(),
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
      for (const [secret, value] of Object.entries(secrets)) {
        const leaked = fragmentsOf(value).some((fragment) => text.includes(fragment));
        expect({ sink, secret, leaked }).toEqual({ sink, secret, leaked: false });
      }
    }
  });
});
