import { afterEach, describe, expect, it } from 'vitest';
import { computeTimeToPage, realTimeAllowance } from '../../src/monitoring/compute-time-to-page.js';
import {
  COMPRESSED,
  expectTimeToPage,
  type MonitoringHarness,
  PRODUCTION,
  PRODUCTION_LIMIT_MS,
  REAL_TIME_ALLOWANCE_MS,
  startMonitoringHarness,
} from '../monitoring/monitoring-harness.js';

/**
 * `lark.transport: ws` with the compressed monitoring intervals: when Lark's long-connection gateway is down
 * (the emulator drops the connection and refuses new ones), the bot keeps redialling, `/readyz` says so, and
 * once it has been down for longer than `probes.every` the on-call chat is paged like any Lark outage; the
 * alert resolves when the connection is back.
 */
let h: MonitoringHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function outage(harness: MonitoringHarness, down: boolean): Promise<void> {
  const response = await fetch(`${harness.info.emulator}/__emulator/ws/outage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ down }),
  });
  expect(response.status).toBe(200);
}

describe('the long connection down pages (lark.ws)', () => {
  it('pages within the direct bound plus the probe interval, says so on /readyz, and resolves', async () => {
    h = await startMonitoringHarness({
      transport: 'ws',
      emulator: { wsClientConfig: { ReconnectNonce: 0, ReconnectInterval: 0.2 } },
    });
    const harness = h;
    await harness.waitFor('the bot to be ready', async () => (await harness.readyz()).status === 200);

    const downAt = Date.now();
    await outage(harness, true);
    const { card, ms } = await harness.waitForPage('No long connection to Lark', downAt);
    // The stated grace (a connection may be down for one probe interval before it fails) is on top of the
    // direct path's bound.
    expectTimeToPage('long connection down', ms, 'direct', REAL_TIME_ALLOWANCE_MS + COMPRESSED.probes.every);
    expect(
      computeTimeToPage(PRODUCTION, 'direct') +
        PRODUCTION.probes.every +
        realTimeAllowance(PRODUCTION, 'direct'),
    ).toBeLessThanOrEqual(PRODUCTION_LIMIT_MS);
    expect(JSON.stringify(card.content)).toContain('docs/runbooks/lark-long-connection.md');
    const ready = await harness.readyz();
    expect(ready.status).toBe(503);
    expect(ready.body.checks.lark_ws).toMatch(/no long connection to Lark/);
    expect(harness.logs.join('')).toContain('long connection lost: reconnecting');

    await outage(harness, false);
    await harness.waitForCardText(card.message_id, 'Resolved');
    expect(harness.logs.join('')).toContain('long connection back');
    expect((await harness.readyz()).status).toBe(200);
  }, 120_000);
});
