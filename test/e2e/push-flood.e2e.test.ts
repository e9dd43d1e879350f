import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCardActionEvent } from '../../emulator/events/build-card-action-event.js';
import { sealPush } from '../../emulator/events/seal-push.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { demoMessageEvent, type Harness, startHarness } from './demo-harness.js';

type Line = { type: string; details: Record<string, unknown> };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ drill: false });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function auditLines(): Promise<Line[]> {
  const records = await readAuditFile(join(h.dir, 'audit/audit.jsonl'));
  return records.map((record) => JSON.parse(record.text) as Line);
}

const post = (route: 'events' | 'card', body: string, headers: Record<string, string>) =>
  fetch(`${h.info.bot}/lark/${route}`, { method: 'POST', headers, body }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  }));

describe('pushes Lark may send', () => {
  it('a 150 KB text (a 540 KB push once escaped and encrypted) is accepted and answered "too long"', async () => {
    const { message_id: messageId } = await h.say('oc_requests', 'ou_alice', 'a long paste');
    // Quotes are escaped twice (the content is JSON inside the event's JSON): the worst case for size.
    const text = `update crm/Tasks recTask0001 Notes=${'"a"'.repeat(45_000)}`;
    const sealed = sealPush(demoMessageEvent(h, text, messageId), h.seed.app.encrypt_key, Date.now());

    const answer = await post('events', sealed.body, sealed.headers);
    const reply = await h.textReplyTo('oc_requests', messageId);

    expect(sealed.body.length).toBeGreaterThan(512 * 1024);
    expect(answer.status).toBe(200);
    expect(reply).toMatch(/^That message is too long: I read commands of up to 4,000 characters/);
  });
});

describe('a click while neither audit sink can record', () => {
  it('gets a 200 toast saying it could not be recorded, not a 503 (Lark shows a generic error)', async () => {
    const file = join(h.dir, 'audit/audit.jsonl');
    const stream = h.runtime.loaded.config.audit.stream;
    const app = h.seed.app;
    const click = buildCardActionEvent(
      { appId: app.app_id, tenantKey: app.tenant_key, verificationToken: app.verification_token },
      {
        operator: { openId: 'ou_bob', unionId: 'on_bob', userId: 'bob' },
        value: { action: 'approve', request_id: 'req_aaaaaaaaaaaa', scope: 'a'.repeat(64) },
        name: undefined,
        messageId: 'om_click_while_audit_down',
        chatId: 'oc_requests',
      },
      Date.now(),
    );
    const sealed = sealPush(click, app.encrypt_key, Date.now());
    // The file: deleted (the sink notices and reopens) with a directory in its place. The stream: a key of
    // the wrong type (WRONGTYPE on XADD).
    await copyFile(file, `${file}.kept`);
    await rm(file);
    await mkdir(file);
    await h.runtime.redis.rename(stream, `${stream}.kept`);
    await h.runtime.redis.set(stream, 'not a stream');
    let answer: Awaited<ReturnType<typeof post>>;
    try {
      answer = await post('card', sealed.body, sealed.headers);
    } finally {
      await h.runtime.redis.del(stream);
      await h.runtime.redis.rename(`${stream}.kept`, stream);
      await rm(file, { recursive: true });
      await rename(`${file}.kept`, file);
    }

    expect(answer).toEqual({
      status: 200,
      body: {
        toast: {
          type: 'error',
          content:
            'Larkgate cannot record clicks right now (its audit log is unavailable). Nothing changed: try again in a minute.',
          // Each clicker's client shows its own language.
          i18n: {
            en_us:
              'Larkgate cannot record clicks right now (its audit log is unavailable). Nothing changed: try again in a minute.',
            zh_cn: expect.stringContaining('审计日志不可用'),
            vi_vn: expect.stringContaining('nhật ký kiểm toán không khả dụng'),
            ja_jp: expect.stringContaining('監査ログが使えません'),
          },
        },
      },
    });
  });
});

describe('a flood of forged pushes from one source', () => {
  it('is refused cheaply (429 past the rate, whatever X-Forwarded-For says) and audited as aggregated denials with the count, not a line each', async () => {
    const FLOOD = 2_000;
    const before = await auditLines();
    const streamBefore = await h.runtime.redis.xlen(h.runtime.loaded.config.audit.stream);
    const statuses = new Map<number, number>();
    let sent = 0;
    const startedAt = performance.now();
    // 40 senders in parallel from one address, as a flood would.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        while (sent < FLOOD) {
          sent += 1;
          const forged = sealPush(
            demoMessageEvent(h, 'help', `om_flood_${sent}`),
            'an-attacker-key',
            Date.now(),
          );
          // A new X-Forwarded-For each time: not trusted by default (server.trust_proxy), so still one source.
          const spoofed = { ...forged.headers, 'x-forwarded-for': `198.51.100.${sent % 250}` };
          const { status } = await post('events', forged.body, spoofed);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const windows = Math.ceil(seconds / h.runtime.loaded.config.server.pushes.denial_window_seconds);
    const during = (await auditLines()).slice(before.length).filter((line) => line.type === 'auth.denied');
    const streamGrowth = (await h.runtime.redis.xlen(h.runtime.loaded.config.audit.stream)) - streamBefore;

    // Closing the bot (as a shutdown does) audits the window still open.
    await h.serve.close();
    const denied = (await auditLines()).slice(before.length).filter((line) => line.type === 'auth.denied');
    const counted = denied.reduce((sum, line) => sum + Number(line.details.count), 0);
    const limited = denied.reduce(
      (sum, line) => sum + ((line.details.reasons as Record<string, number> | undefined)?.rate_limited ?? 0),
      0,
    );
    console.info(`${FLOOD} forged pushes in ${seconds.toFixed(1)} s: ${denied.length} audit lines`);

    expect([...statuses.keys()].sort()).toEqual([401, 429]);
    expect(statuses.get(429)).toBeGreaterThan(FLOOD / 2);
    // One line at once, then at most one per window: a handful, not one per push.
    expect(during.length).toBeLessThanOrEqual(1 + windows);
    expect(streamGrowth).toBeLessThanOrEqual(1 + windows);
    expect(counted).toBe(FLOOD);
    expect(denied[0]?.details).toMatchObject({
      route: 'events',
      reason: 'bad_signature',
      count: 1,
      ip: expect.stringMatching(/127\.0\.0\.1$/),
    });
    expect(new Set(denied.map((line) => line.details.ip)).size).toBe(1);
    expect(limited).toBe(statuses.get(429));
    expect(denied.length).toBeLessThanOrEqual(2 + windows);
  }, 120_000);
});
