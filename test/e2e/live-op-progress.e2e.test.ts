import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { type Harness, startHarness, tokenOf, waitForCard } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ batchDeleteCeiling: 3_000, emulator: { rateLimits: true } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('progress on a long live op', () => {
  it('a batch delete of 2,400 records updates its card while it runs: intermediate counts that only grow, never past the total', async () => {
    const sandbox = tokenOf(h, 'sandbox');
    const client = new lark.Client({
      appId: h.seed.app.app_id,
      appSecret: h.seed.app.app_secret,
      domain: h.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
      cache: makeTokenCache(),
    });
    for (let chunk = 0; chunk < 6; chunk++) {
      await client.bitable.appTableRecord.batchCreate({
        path: { app_token: sandbox, table_id: 'tblScratch000001' },
        data: {
          records: Array.from({ length: 400 }, (_, i) => ({
            fields: { Name: `bulk ${chunk * 400 + i}`, Value: chunk * 400 + i, Larkgate: 'deletable' },
          })),
        },
      });
    }
    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate batch-delete sandbox/Scratch Larkgate=deletable',
    );
    const card = await h.waitFor('the request card', async () =>
      (await h.messages('oc_requests')).find((m) => m.parent_id === asked.message_id),
    );
    const total = Number(/(\d+) records/.exec(JSON.stringify(card.content))?.[1]);
    expect(total).toBeGreaterThanOrEqual(2_400);

    // Watch the card while the delete runs: every progress count it shows.
    const counts: number[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const item = (await h.messages('oc_requests')).find((m) => m.message_id === card.message_id);
        const shown = new RegExp(`\\*\\*Writing\\*\\* · (\\d+) of ${total} records`).exec(
          JSON.stringify(item?.content),
        );
        if (shown && Number(shown[1]) !== counts.at(-1)) counts.push(Number(shown[1]));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    // Lark takes a while per batch call (the emulator is instant): 700 ms each, so the op runs for seconds.
    const faulted = await fetch(`${h.info.emulator}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'latency',
        method: 'POST',
        path_prefix: `/open-apis/bitable/v1/apps/${sandbox}/tables/tblScratch000001/records/batch_delete`,
        count: -1,
        latency_ms: 700,
      }),
    });
    expect(faulted.status).toBeLessThan(300);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 90_000);
    watching = false;
    await watch;

    // Intermediate counts (not only the first and the last), at most one update a second.
    expect(counts.filter((count) => count > 0 && count < total).length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((count) => count <= total)).toBe(true);
  }, 180_000);
});
