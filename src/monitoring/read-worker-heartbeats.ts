import type { Redis } from 'ioredis';

/** KEYS[1] heartbeats; returns { Redis TIME ms, freshest score or -1, member }. */
const READ = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local top = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return { now, -1, '' } end
return { now, tonumber(top[2]), top[1] }
`;

/** The freshest worker heartbeat's age in ms (on Redis's clock), or null when no worker ever beat. */
export async function readWorkerHeartbeats(
  redis: Redis,
  key: string,
): Promise<{ ageMs: number; worker: string } | null> {
  const [now, newest, worker] = (await redis.eval(READ, 1, key)) as [number, number, string];
  if (newest < 0) return null;
  return { ageMs: Math.max(0, now - newest), worker };
}
