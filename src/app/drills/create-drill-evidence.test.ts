import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../../test/builders/make-policy.js';
import { useRedisServer } from '../../../test/helpers/redis.js';
import { createDrillEvidence } from './create-drill-evidence.js';

const server = await useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(server.url);
});
afterAll(() => {
  redis.disconnect();
});

const policy = makePolicy([
  makeBase(),
  makeBase({ alias: 'sandbox', appToken: 'SbxToken', tier: 'L0', staging: true, tables: ['Scratch'] }),
]);

async function append(
  key: string,
  type: string,
  ts: string,
  details: Record<string, unknown>,
): Promise<void> {
  await redis.xadd(key, '*', 'e', JSON.stringify({ type, ts, details }));
}

describe('createDrillEvidence', () => {
  it('finds the newest passing rollback drill on a staging base, and nothing else', async () => {
    const key = 'audit:evidence-1';
    let now = Date.parse('2026-11-22T10:00:00Z');
    const evidence = createDrillEvidence({ redis, streamKey: key, policy: () => policy, clock: () => now });
    expect(await evidence()).toEqual({ lastPassingDrillAt: null });

    await append(key, 'drill.passed', '2026-11-20T09:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    await append(key, 'drill.passed', '2026-11-21T09:00:00.000Z', { drill: 'outage', base: 'sandbox' });
    await append(key, 'drill.failed', '2026-11-21T10:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    await append(key, 'drill.passed', '2026-11-21T11:00:00.000Z', { drill: 'rollback', base: 'crm' });
    await append(key, 'op.applied', '2026-11-21T12:00:00.000Z', { note: 'drill.passed' });
    now += 2_000;

    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-20T09:00:00.000Z') });
  });

  it('reads only what was added since, once per cache period', async () => {
    const key = 'audit:evidence-2';
    let now = 0;
    const evidence = createDrillEvidence({
      redis,
      streamKey: key,
      policy: () => policy,
      clock: () => now,
      pageSize: 2,
    });
    for (let day = 1; day <= 5; day++) {
      await append(key, 'drill.passed', `2026-11-0${day}T00:00:00.000Z`, {
        drill: 'rollback',
        base: 'sandbox',
      });
    }
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-05T00:00:00.000Z') });

    await append(key, 'drill.passed', '2026-11-06T00:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    now += 1_000;
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-05T00:00:00.000Z') });
    now += 1_000;
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-06T00:00:00.000Z') });
  });
});
