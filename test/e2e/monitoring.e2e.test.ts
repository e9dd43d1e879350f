import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionPath } from '../../src/monitoring/compute-time-to-page.js';
import { createProbeStore } from '../../src/monitoring/create-probe-store.js';
import { createMonitorKeys } from '../../src/monitoring/monitor-keys.js';
import { readAuditStream } from '../../src/store/read-audit-stream.js';
import {
  type MonitoringHarness,
  PRODUCTION_LIMIT_MS,
  reportTimeToPage,
  startMonitoringHarness,
} from '../monitoring/monitoring-harness.js';
import { type ChatItem, waitForCard } from './demo-harness.js';

/**
 * The on-call path end to end (product.md §6, gate 7): real Redis, the emulator, the bot and the workers,
 * with the monitor's intervals compressed 60× (COMPRESSION; monitoring-harness.ts lists each interval).
 * Each outage must page the on-call chat. The time to page is measured and printed with its production
 * equivalent (measured × 60, an upper estimate: real latencies get multiplied too) and checked against
 * 5 minutes; the waits themselves are generous so a loaded machine does not flake.
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

function expectWithinLimit(scenario: string, ms: number, path: DetectionPath): void {
  expect(reportTimeToPage(scenario, ms, path)).toBeLessThan(PRODUCTION_LIMIT_MS);
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

    expectWithinLimit('Redis stopped', ms, 'direct');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis).toMatch(/PING failed/);
    expect(JSON.stringify(card.content)).toContain('docs/runbooks/redis-unreachable.md');
    expect(JSON.stringify(card.content)).toContain('<at id=ou_dave></at>');

    // On-call can still acknowledge: the Ack path does not need Redis either.
    const ack = await harness.clickButton(card.message_id, 'ou_dave', 'Ack');
    expect(ack.status).toBe(200);
    expect(ack.body.toast).toEqual({ type: 'success', content: 'Acknowledged: escalation stopped.' });
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
  }, 60_000);

  it('Lark Base API down: one page for all bases; Ack stops the escalation; recovery resolves', async () => {
    // Escalation after 5 s here (10 min / 120) to keep the wait short.
    const harness = await start({ monitoring: { escalate_after: '5s' } });

    const injectedAt = Date.now();
    await harness.inject({ kind: 'server_error', path_prefix: '/open-apis/bitable', count: -1 });
    const { card, ms } = await harness.waitForPage('Lark Base API down', injectedAt);
    expectWithinLimit('Lark Base API down', ms, 'probe');
    expect(JSON.stringify(card.content)).toMatch(/HTTP 500/);

    const ack = await harness.clickButton(card.message_id, 'ou_dave', 'Ack');
    expect(ack.body.toast).toEqual({ type: 'success', content: 'Acknowledged: escalation stopped.' });
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
  }, 60_000);

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
    expectWithinLimit('worker stopped', ms, 'heartbeat');

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
  }, 90_000);

  it('audit file unwritable: pages, and resolves once it can be written again', async () => {
    const harness = await start();
    const file = join(harness.dir, 'audit/audit.jsonl');

    const brokenAt = Date.now();
    await rename(file, `${file}.kept`);
    await mkdir(file);
    const { card, ms } = await harness.waitForPage('The audit file cannot be written', brokenAt);
    expectWithinLimit('audit file unwritable', ms, 'direct');
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
  }, 60_000);

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
    expectWithinLimit('Lark rate-limiting the Base API', ms, 'probe');

    await harness.clearFaults();
    await harness.waitForCardText(card.message_id, 'Resolved');
  }, 60_000);

  it.each([
    ['down (5xx on every call)', { kind: 'server_error' }, 'Lark API unreachable'],
    ['rate-limiting every call', { kind: 'rate_limit', reset_seconds: 1 }, 'Lark is rate-limiting Larkgate'],
  ])(
    'the whole Lark API %s: the page cannot go through Lark, so it is logged, and it reaches the chat as soon as Lark answers',
    async (_name, fault, title) => {
      const harness = await start();

      const injectedAt = Date.now();
      await harness.inject({ ...fault, path_prefix: '/open-apis', count: -1 });
      await harness.waitFor(
        'the undeliverable page in the log',
        async () => harness.logs.some((line) => line.includes('page could not reach Lark')),
        60_000,
      );
      const detectedMs = Date.now() - injectedAt;
      expect((await harness.readyz()).body.checks.lark).toBeDefined();
      expect((await harness.readyz()).status).toBe(503);

      const clearedAt = Date.now();
      await harness.clearFaults();
      const { card } = await harness.waitForPage(title, clearedAt);
      expectWithinLimit(`whole Lark API ${fault.kind}, detected and logged`, detectedMs, 'direct');
      reportTimeToPage(
        `whole Lark API ${fault.kind}, in the chat once Lark answers`,
        Date.now() - clearedAt,
        'direct',
      );
      await harness.waitForCardText(card.message_id, 'Resolved');
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

    expectWithinLimit('burst of forged pushes', ms, 'direct');
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
    const store = createProbeStore(redis, createMonitorKeys('larkgate').probes);
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
  }, 60_000);
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
      body: { ready: true, checks: { policy: 'ok', redis: 'ok', audit: 'ok', lark: 'ok', workers: 'ok' } },
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
});
