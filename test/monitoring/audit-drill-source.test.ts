import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrillOutcomes, DRILL_EVENTS } from '../../src/app/drills/create-drill-outcomes.js';
import { createAuditDrillSource } from '../../src/monitoring/create-audit-drill-source.js';
import { createAuditStreamFeed } from '../../src/store/create-audit-stream-feed.js';
import { useRedisServer } from '../helpers/redis.js';

const server = await useRedisServer();
const redis = new Redis(server.url);
afterAll(() => redis.disconnect());

const KEY = 'larkgate:audit';
async function add(type: string, ts: string, details: Record<string, unknown>) {
  await redis.xadd(KEY, '*', 'e', JSON.stringify({ type, ts, details }));
}
const bases = [
  { alias: 'crm', staging: false },
  { alias: 'billing', staging: false },
  { alias: 'sandbox', staging: true },
];

describe('createAuditDrillSource (the drill-age probe reads the audit stream)', () => {
  it('a rollback drill on a staging base counts for every base; other drills and failures do not', async () => {
    const source = createAuditDrillSource(redis, KEY, 2);
    expect(await source.lastPassing(bases)).toEqual({ crm: null, billing: null, sandbox: null });

    await add('drill.passed', '2026-11-01T00:00:00.000Z', { drill: 'outage', time_to_page_ms: 1000 });
    await add('drill.passed', '2026-11-02T00:00:00.000Z', { drill: 'secret-rotation' });
    await add('drill.failed', '2026-11-03T00:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    await add('drill.passed', '2026-11-04T00:00:00.000Z', { drill: 'rollback', base: 'crm' });
    expect(await source.lastPassing(bases)).toEqual({
      crm: Date.parse('2026-11-04T00:00:00.000Z'),
      billing: null,
      sandbox: null,
    });

    // Read incrementally: only what was added since.
    await add('drill.passed', '2026-11-05T00:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    const at = Date.parse('2026-11-05T00:00:00.000Z');
    expect(await source.lastPassing(bases)).toEqual({ crm: at, billing: at, sandbox: at });
  });

  it('outcomes: the newest failed and passed rollback drill per base, read incrementally', async () => {
    const key = 'larkgate:audit:outcomes';
    const append = (type: string, ts: string, details: Record<string, unknown>) =>
      redis.xadd(key, '*', 'e', JSON.stringify({ type, ts, details }));
    const outcomes = createDrillOutcomes(
      createAuditStreamFeed(redis, key, { pageSize: 2, contains: DRILL_EVENTS }),
    );
    await append('drill.failed', '2026-11-01T00:00:00.000Z', { drill: 'outage', problem: 'no page' });
    await append('drill.failed', '2026-11-02T00:00:00.000Z', {
      drill: 'rollback',
      base: 'sandbox',
      drill_id: 'drl_1',
      problem: 'could not create tmp_drill_1',
    });
    await append('drill.passed', '2026-11-01T12:00:00.000Z', { drill: 'rollback', base: 'sandbox' });

    const first = await outcomes.read();
    expect([...first.failures]).toEqual([
      [
        'sandbox',
        {
          at: Date.parse('2026-11-02T00:00:00.000Z'),
          drillId: 'drl_1',
          problem: 'could not create tmp_drill_1',
        },
      ],
    ]);
    expect([...first.passes]).toEqual([['sandbox', Date.parse('2026-11-01T12:00:00.000Z')]]);

    await append('drill.passed', '2026-11-03T00:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    expect((await outcomes.read()).passes.get('sandbox')).toBe(Date.parse('2026-11-03T00:00:00.000Z'));
  });
});
