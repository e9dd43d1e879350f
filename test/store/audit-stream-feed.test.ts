import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditStreamFeed } from '../../src/store/create-audit-stream-feed.js';
import { useRedisServer } from '../helpers/redis.js';

const server = await useRedisServer();
const redis = new Redis(server.url);
afterAll(() => redis.disconnect());

describe('createAuditStreamFeed', () => {
  it('reads the stream forward across pages: everything once, then only what was added, filtered', async () => {
    const key = 'larkgate:audit:feed';
    const add = (type: string, n: number) =>
      redis.xadd(key, '*', 'e', JSON.stringify({ type, ts: '2026-12-07T00:00:00.000Z', details: { n } }));
    for (let n = 1; n <= 5; n++) await add(n % 2 ? 'drill.passed' : 'op.applied', n);
    await redis.xadd(key, '*', 'x', 'an entry without an event');
    const feed = createAuditStreamFeed(redis, key, { pageSize: 2, contains: '"drill.' });

    const first = await feed.readNew();
    await add('drill.failed', 6);
    const second = await feed.readNew();
    const third = await feed.readNew();

    expect(first.map((text) => JSON.parse(text).details.n)).toEqual([1, 3, 5]);
    expect(second.map((text) => JSON.parse(text).type)).toEqual(['drill.failed']);
    expect(third).toEqual([]);
  });
});
