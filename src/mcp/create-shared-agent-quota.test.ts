import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../../test/helpers/redis.js';
import { createRequesterGate } from '../store/create-requester-gate.js';
import { createRedisKeys } from '../store/redis-keys.js';
import { createSharedAgentQuota } from './create-shared-agent-quota.js';

const server = await useRedisServer();
const connections: Redis[] = [];
afterAll(() => {
  for (const connection of connections) connection.disconnect();
});

describe('createSharedAgentQuota', () => {
  it('allows an agent its hourly requests across processes, then refuses until the hour refills', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 9) };
    const replica = () => {
      const connection = new Redis(server.url);
      connections.push(connection);
      return createSharedAgentQuota(
        createRequesterGate(connection, createRedisKeys('quota'), { clock: () => clock.now }),
      );
    };
    const [a, b] = [replica(), replica()];

    const taken = [await a.take('cowork', 3), await b.take('cowork', 3), await a.take('cowork', 3)];
    expect(taken).toEqual([true, true, true]);
    expect(await b.take('cowork', 3)).toBe(false);
    expect(await a.take('reader', 3)).toBe(true);

    clock.now += 20 * 60_000;
    expect(await b.take('cowork', 3)).toBe(true);
    expect(await a.take('cowork', 3)).toBe(false);
  });
});
