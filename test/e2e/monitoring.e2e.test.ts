import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyntheticCheckStore } from '../../src/monitoring/create-synthetic-check-store.js';
import { createMonitorKeys } from '../../src/monitoring/monitor-keys.js';
import { readAuditStream } from '../../src/store/read-audit-stream.js';
import {
  expectTimeToPage,
  type MonitoringHarness,
  REAL_TIME_ALLOWANCE_MS,
  startMonitoringHarness,
} from '../monitoring/monitoring-harness.js';
import { type ChatItem, waitForCard } from './demo-harness.js';

/**
 * The on-call path end to end (docs/product.md §6, gate 7): real Redis, the emulator, the bot and the workers,
 * with every monitoring interval at the production default divided by COMPRESSION (60; the intervals are
 * listed in monitoring-harness.ts). Each outage must page the on-call chat. expectTimeToPage checks the
 * measured time against the compressed intervals' worst case (computeTimeToPage) plus a stated real-time
 * allowance, and the production defaults' worst case against 5 minutes; it prints the production estimate
 * (the production bound plus whatever real time this run added). Waits for recovery are generous so a
 * loaded machine does not flake.
 */
let h: MonitoringHarness | undefined;
afterEach(async () => {
  if (h?.redisServer && !h.redisServer.isRunning()) await h.redisServer.start();
  await h?.close();
  h = undefined;
});

async function start(options: Parameters<typeof startMonitoringHarness>[0] = {}): Promise<MonitoringHarness> {
  h = await startMonitoringHarness(options);
  const harness = h;
  await harness.waitFor('the bot to be ready', async () => (await harness.readyz()).status === 200);
  return harness;
}

async function auditEvents(
  harness: MonitoringHarness,
): Promise<Array<{ type: string; details: Record<string, unknown> }>> {
  const redis = new Redis(harness.redisUrl);
  try {
    return (await readAuditStream(redis, 'larkgate:audit')).map((record) => JSON.parse(record.text));
  } finally {
    redis.disconnect();
  }
}

/** A local HTTP endpoint standing in for the fallback receiver (Alertmanager-style, PagerDuty relay…). */
async function startWebhookReceiver(): Promise<{
  url: string;
  host: string;
  posts: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}> {
  const posts: Array<{ path: string; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST') posts.push({ path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Text replies to the alert card (escalations). */
async function repliesTo(harness: MonitoringHarness, card: ChatItem): Promise<ChatItem[]> {
  return (await harness.messages(harness.info.chats.oncall)).filter(
    (item) => item.parent_id === card.message_id && item.msg_type === 'text',
  );
}

describe('monitoring pages the on-call chat', () => {
  it('Redis stopped: pages, readiness says why, and the card resolves when Redis is back', async () => {
    const harness = await start();
    const asked = await harness.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate update crm/Tasks recTask0001 Status=Done',
    );
    const request = await harness.cardReplyTo('oc_requests', asked.message_id);

    const killedAt = Date.now();
    await harness.redisServer?.kill();
    const { card, ms } = await harness.waitForPage('Redis is unreachable', killedAt);
    const ready = await harness.readyz();

    expectTimeToPage('Redis stopped', ms, 'direct');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis).toMatch(/PING failed/);
    expect(JSON.stringify(card.content)).toContain('docs/runbooks/redis-unreachable.md');
    expect(JSON.stringify(card.content)).toContain('<at id=ou_dave></at>');

    // On-call can still acknowledge: the Ack path does not need Redis either.
    const ack = await harness.clickButton(card.message_id, 'ou_dave', 'Ack');
    expect(ack.status).toBe(200);
    expect(ack.body.toast).toMatchObject({ type: 'success', content: 'Acknowledged: escalation stopped.' });
    await harness.waitForCardText(card.message_id, 'Acknowledged by <at id=ou_dave></at>');
    // An approval cannot be recorded: the approver is told at once, and nothing changed.
    const approve = await harness.clickButton(request.message_id, 'ou_bob', 'Approve');
    expect(approve.status).toBe(200);
    expect(approve.body.toast).toMatchObject({
      type: 'error',
      content: expect.stringMatching(/cannot record clicks/),
    });

    await harness.redisServer?.start();
    await harness.waitForCardText(card.message_id, 'Resolved');
    const events = await auditEvents(harness);
    expect(events.find((event) => event.type === 'alert.resolved')?.details).toMatchObject({
      alert: 'redis',
    });
    // Redis is back: the same click now counts.
    const again = await harness.clickButton(request.message_id, 'ou_bob', 'Approve');
    expect(again.body.toast?.type).toBe('success');
    await waitForCard(harness, 'oc_requests', request.message_id, 'Applied');
  }, 120_000);

  it('Lark Base API down: one page for all bases; Ack stops the escalation; recovery resolves', async () => {
    // Escalation after 5 s here (10 min / 120) to keep the wait short.
    const harness = await start({ monitoring: { escalate_after: '5s' } });

    const injectedAt = Date.now();
    await harness.inject({ kind: 'server_error', path_prefix: '/open-apis/bitable', count: -1 });
    const { card, ms } = await harness.waitForPage('Lark Base API down', injectedAt);
    expectTimeToPage('Lark Base API down', ms, 'probe');
    expect(JSON.stringify(card.content)).toMatch(/HTTP 500/);

    const ack = await harness.clickButton(card.message_id, 'ou_dave', 'Ack');
    expect(ack.body.toast).toMatchObject({ type: 'success', content: 'Acknowledged: escalation stopped.' });
    await harness.waitForCardText(card.message_id, 'Acknowledged by <at id=ou_dave></at>');
    // Wait well past escalate_after, the page still firing.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await repliesTo(harness, card)).toEqual([]);
    const baseCards = (await harness.alertCards()).filter((item) =>
      /Lark Base API down|records cannot be read/.test(JSON.stringify(item.content)),
    );
    expect(baseCards).toHaveLength(1);

    await harness.clearFaults();
    await harness.waitForCardText(card.message_id, 'Resolved');
    const types = (await auditEvents(harness)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['alert.paged', 'alert.acked', 'alert.resolved']));
  }, 120_000);

  it('worker stopped: pages, escalates to the escalation list when nobody acks, resolves on restart', async () => {
    // Escalation after 5 s here (10 min / 120) to keep the wait short.
    h = await startMonitoringHarness({ runWorker: false, monitoring: { escalate_after: '5s' } });
    const harness = h;
    let worker = await harness.startWorker();
    await harness.waitFor('the worker heartbeat', async () => (await harness.readyz()).status === 200);

    // Closing waits for running jobs; the page may come while it does, so start watching first.
    const stoppedAt = Date.now();
    const paged = harness.waitForPage('No worker is running', stoppedAt);
    await worker.close();
    const { card, ms } = await paged;
    expectTimeToPage('worker stopped', ms, 'heartbeat');

    const [escalation] = await harness.waitFor(
      'the escalation',
      async () => {
        const replies = await repliesTo(harness, card);
        return replies.length > 0 ? replies : undefined;
      },
      40_000,
    );
    expect((escalation as ChatItem & { mentions: Array<{ open_id: string }> }).mentions).toEqual([
      expect.objectContaining({ open_id: 'ou_bob' }),
    ]);

    worker = await harness.startWorker();
    await harness.waitForCardText(card.message_id, 'Resolved');
    expect(await repliesTo(harness, card)).toHaveLength(1);
    await worker.close();
  }, 180_000);

  it('audit file unwritable: pages, and resolves once it can be written again', async () => {
    const harness = await start();
    const file = join(harness.dir, 'audit/audit.jsonl');

    const brokenAt = Date.now();
    await rename(file, `${file}.kept`);
    await mkdir(file);
    const { card, ms } = await harness.waitForPage('The audit file cannot be written', brokenAt);
    expectTimeToPage('audit file unwritable', ms, 'direct');
    expect(JSON.stringify(card.content)).toContain('EISDIR');
    expect((await harness.readyz()).body.checks.audit).toMatch(/cannot open .*audit\.jsonl for append/);

    await rm(file, { recursive: true });
    await rename(`${file}.kept`, file);
    await harness.waitForCardText(card.message_id, 'Resolved');
  });

  it('a flapping condition pages once: the card is reused, not re-sent', async () => {
    const harness = await start();
    const file = join(harness.dir, 'audit/audit.jsonl');

    // Four cycles: unwritable for 3 rounds (enough to fire), writable for 2 (not enough to clear). Without
    // de-duplication each cycle would page anew.
    for (let cycle = 0; cycle < 4; cycle++) {
      await rename(file, `${file}.kept`);
      await mkdir(file);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await rm(file, { recursive: true });
      await rename(`${file}.kept`, file);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const cards = (await harness.alertCards()).filter((item) =>
      JSON.stringify(item.content).includes('The audit file cannot be written'),
    );
    const pages = (await auditEvents(harness)).filter(
      (event) =>
        event.type === 'alert.paged' && event.details.alert === 'audit.file' && !event.details.escalation,
    );

    expect(cards).toHaveLength(1);
    expect(pages).toHaveLength(1);
    await harness.waitForCardText((cards[0] as ChatItem).message_id, 'Resolved');
  }, 120_000);

  it('Lark rate-limiting the Base API: pages "rate-limiting", resolves when the 429s stop', async () => {
    const harness = await start();

    const injectedAt = Date.now();
    await harness.inject({
      kind: 'rate_limit',
      path_prefix: '/open-apis/bitable',
      count: -1,
      reset_seconds: 1,
    });
    const { card, ms } = await harness.waitForPage('Lark is rate-limiting Larkgate', injectedAt);
    expectTimeToPage('Lark rate-limiting the Base API', ms, 'probe');

    await harness.clearFaults();
    await harness.waitForCardText(card.message_id, 'Resolved');
  }, 120_000);

  it.each([
    ['down (5xx on every call)', { kind: 'server_error' }, 'Lark API unreachable', /HTTP 500/],
    [
      'rate-limiting every call',
      { kind: 'rate_limit', reset_seconds: 1 },
      'Lark is rate-limiting Larkgate',
      /rate_limited, HTTP 429/,
    ],
  ])(
    'the whole Lark API %s: the page cannot go through Lark, so it goes to the fallback webhook during the outage, and to the chat once Lark answers',
    async (_name, fault, title, why) => {
      const receiver = await startWebhookReceiver();
      try {
        // The URL is a secret (webhook URLs embed their token): a secret://file reference, as in production.
        const secrets = await mkdtemp(join(tmpdir(), 'larkgate-fallback-'));
        await writeFile(join(secrets, 'fallback-url'), `${receiver.url}/hooks/t0ken-3f9a\n`);
        const harness = await start({
          monitoring: {
            fallback_webhook: { url: `secret://file/${join(secrets, 'fallback-url')}`, timeout: '2s' },
          },
        });

        const injectedAt = Date.now();
        await harness.inject({ ...fault, path_prefix: '/open-apis', count: -1 });
        const post = await harness.waitFor(
          'the page on the fallback webhook',
          async () => receiver.posts[0],
          30_000,
        );
        const fallbackMs = Date.now() - injectedAt;

        // During the outage: the fallback has it, the chat does not, and readiness says why.
        expect(post.path).toBe('/hooks/t0ken-3f9a');
        expect(post.body).toMatchObject({
          source: 'larkgate',
          status: 'firing',
          title: expect.stringContaining(title),
          why_fallback: expect.stringContaining('the page could not reach the on-call chat in Lark'),
        });
        expect(JSON.stringify(post.body)).not.toContain('t0ken');
        expect(await harness.alertCards()).toEqual([]);
        const ready = await harness.readyz();
        expect(ready.status).toBe(503);
        expect(ready.body.checks.lark).toMatch(why);
        // One outage, one page, however many rounds it lasts (wait a few more of them).
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        expect(receiver.posts.filter((item) => item.body.alert === post.body.alert)).toHaveLength(1);
        const paged = (await auditEvents(harness)).filter((event) => event.type === 'alert.paged');
        expect(paged.map((event) => event.details)).toContainEqual(
          expect.objectContaining({ alert: post.body.alert, via: 'fallback', host: receiver.host }),
        );
        // Sending the page waits out Lark's answers before giving up: on a 429 the monitor client waits up
        // to its 5 s limit, so the fallback comes that much later (real time, not compressed).
        expectTimeToPage(
          `whole Lark API ${fault.kind}, on the fallback webhook`,
          fallbackMs,
          'direct',
          8_000,
        );

        const clearedAt = Date.now();
        await harness.clearFaults();
        const { card, ms } = await harness.waitForPage(title, clearedAt);
        expect(ms).toBeLessThan(10_000);
        await harness.waitForCardText(card.message_id, 'Resolved');
        expect(JSON.stringify(harness.logs)).not.toContain('t0ken-3f9a');
      } finally {
        await receiver.close();
      }
    },
    120_000,
  );

  it('a burst of forged pushes pages', async () => {
    const harness = await start();

    const startedAt = Date.now();
    for (let push = 0; push < 12; push++) {
      const response = await fetch(`${harness.info.bot}/lark/card`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt: `forged-${push}` }),
      });
      expect(response.status).toBe(401);
    }
    const { card, ms } = await harness.waitForPage('Burst of forged or stale pushes', startedAt);

    // The forged pushes after the first are audited when their source's denial window closes, as one
    // event with their count: the page can wait for that window on top of the usual bound.
    const windowMs = harness.runtime.loaded.config.server.pushes.denial_window_seconds * 1000;
    expectTimeToPage('burst of forged pushes', ms, 'direct', REAL_TIME_ALLOWANCE_MS + windowMs);
    expect(JSON.stringify(card.content)).toMatch(/12 refused pushes or clicks/);
  });
});

describe('the long-running token-refresh probe', () => {
  it('proves the long-lived client renews its token before expiry (tokens living 182 s, cached for 2 s)', async () => {
    const harness = await start({
      emulator: { tokenTtlSeconds: 182 },
      monitoring: {
        probes: { every: '1s', max_age: '5s', timeout: '2s', token_refresh_every: '1s', drill_age: false },
      },
    });
    const redis = new Redis(harness.redisUrl);
    const store = createSyntheticCheckStore(redis, createMonitorKeys('larkgate').syntheticChecks);
    try {
      const result = await harness.waitFor(
        'three renewals',
        async () => {
          const found = (await store.readAll()).find((entry) => entry.result.key === 'lark.token_refresh');
          const renewals = Number(/renewed (\d+) time/.exec(found?.result.detail ?? '')?.[1] ?? 0);
          return renewals >= 3 ? found?.result : undefined;
        },
        30_000,
      );

      expect(result.status).toBe('ok');
      expect(result.detail).toMatch(/smallest margin at renewal \d+ s/);
    } finally {
      redis.disconnect();
    }
  }, 120_000);
});

describe('the long-running token-refresh probe pages', () => {
  it('when Lark refuses its cached token: the on-call chat is paged, and the card resolves once Lark takes it again', async () => {
    const harness = await start();
    // The probe's authenticated call (bot info) answered as Lark answers an invalid or expired token.
    const refusedAt = Date.now();
    await harness.inject({
      kind: 'server_error',
      path_prefix: '/open-apis/bot/v3/info',
      status: 400,
      code: 99991663,
      count: -1,
    });

    const { card, ms } = await harness.waitForPage(
      'The Lark token is not renewed before it expires',
      refusedAt,
    );

    expectTimeToPage('token refused', ms, 'token_refresh');
    expect(JSON.stringify(card.content)).toMatch(/Lark refused the cached token .*code 99991663/);
    expect(JSON.stringify(card.content)).toContain('docs/runbooks/lark-token-refresh.md');
    await harness.clearFaults();
    await harness.waitForCardText(card.message_id, 'Resolved');
  }, 120_000);
});

describe('health and metrics', () => {
  it('/readyz names every check; /metrics counts audit events, Lark calls, jobs and queue depth', async () => {
    const harness = await start();
    const asked = await harness.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0001');
    await harness.cardReplyTo('oc_requests', asked.message_id);

    const ready = await harness.readyz();
    const health = await fetch(`${harness.info.bot}/healthz`);
    const metrics = await (await fetch(`${harness.info.bot}/metrics`)).text();

    expect(health.status).toBe(200);
    expect(ready).toEqual({
      status: 200,
      // `mcp`: the demo serves its agents over MCP (issue 13), and readiness names that check too.
      body: {
        ready: true,
        checks: { policy: 'ok', redis: 'ok', audit: 'ok', lark: 'ok', workers: 'ok', mcp: 'ok' },
      },
    });
    expect(metrics).toMatch(
      /larkgate_lark_api_calls_total\{endpoint="auth\.tenant_access_token",status="200",code="0",role="demo"\} \d+/,
    );
    expect(metrics).toMatch(/larkgate_audit_events_total\{type="tool\.allowed",role="demo"\} [1-9]\d*/);
    expect(metrics).toMatch(
      /larkgate_lark_api_calls_total\{endpoint="bitable\.record\.batch_get",status="200",code="0",role="demo"\} [1-9]\d*/,
    );
    expect(metrics).toMatch(/larkgate_queue_jobs\{queue="intake",state="completed",role="demo"\} \d+/);
    expect(metrics).toMatch(/larkgate_jobs_total\{queue="intake",outcome="completed",role="demo"\} \d+/);
  });

  it('/metrics counts votes by decision and result, denials by reason, and audit sink failures', async () => {
    const harness = await start();
    const scrape = async () => (await fetch(`${harness.info.bot}/metrics`)).text();
    const asked = await harness.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate update crm/Tasks recTask0001 Status=Done',
    );
    const request = await harness.cardReplyTo('oc_requests', asked.message_id);

    // The requester approving her own request is refused (self_approval); an approver's vote counts.
    const own = await harness.clickButton(request.message_id, 'ou_alice', 'Approve');
    expect(own.body.toast?.type).toBe('error');
    const approver = await harness.clickButton(request.message_id, 'ou_bob', 'Approve');
    expect(approver.body.toast?.type).toBe('success');
    await waitForCard(harness, 'oc_requests', request.message_id, 'Applied');
    // Redis stops: the audit stream sink refuses the next events (the file still takes them), and each
    // refusal is counted.
    await harness.redisServer?.kill();
    const forged = await fetch(`${harness.info.bot}/lark/card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: 'forged' }),
    });
    expect(forged.status).toBe(401);
    const metrics = await harness.waitFor('a stream sink failure on /metrics', async () => {
      const text = await scrape();
      return /larkgate_audit_sink_failures_total\{sink="stream",role="demo"\} [1-9]/.test(text)
        ? text
        : undefined;
    });

    expect(metrics).toContain('larkgate_votes_total{decision="approve",result="denied",role="demo"} 1');
    expect(metrics).toMatch(
      /larkgate_votes_total\{decision="approve",result="(approved|pending)",role="demo"\} 1/,
    );
    expect(metrics).toContain('larkgate_denials_total{reason="self_approval",role="demo"} 1');
    expect(metrics).toMatch(/larkgate_auth_failures_total\{reason="[a-z_]+",role="demo"\} [1-9]/);
    expect(metrics).not.toMatch(/larkgate_audit_sink_failures_total\{sink="file"/);
    await harness.redisServer?.start();
    await harness.waitFor('the bot to be ready again', async () => (await harness.readyz()).status === 200);
  }, 120_000);
});
