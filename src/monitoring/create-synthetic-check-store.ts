import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Observation } from '../domain/alert.js';

/** What a synthetic check observed, as the worker stores it for the monitor. */
export const SyntheticCheckResult = z.object({
  key: z.string(),
  status: z.enum(['ok', 'failing', 'unknown']),
  detail: z.string(),
  severity: z.enum(['page', 'warn']).optional(),
  causes: z.array(z.string()).optional(),
});
export type SyntheticCheckResult = z.infer<typeof SyntheticCheckResult>;

/** Stamps each result with Redis TIME (one clock for every host): field = key, value = `<ms>|<json>`. */
const SAVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], string.format('%d', now) .. '|' .. ARGV[i + 1])
end
return now
`;
const READ = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return { now, redis.call('HGETALL', KEYS[1]) }
`;

/** A stored result, when it was stored (Redis clock, ms) and how old it is now. */
export type StoredSyntheticCheck = { result: SyntheticCheckResult; at: number; ageMs: number };
export type SyntheticCheckStore = ReturnType<typeof createSyntheticCheckStore>;

/** The synthetic checks' results in one Redis hash (`monitor-keys.ts`: `syntheticChecks`): the worker writes them, the monitor reads them each round. */
export function createSyntheticCheckStore(redis: Redis, key: string) {
  return {
    async save(results: readonly Observation[]): Promise<void> {
      if (results.length === 0) return;
      const args = results.flatMap((result) => [
        result.key,
        JSON.stringify(SyntheticCheckResult.parse(result)),
      ]);
      await redis.eval(SAVE, 1, key, ...args);
    },
    /** Every stored result with its age (Redis clock); results that do not parse are skipped. */
    async readAll(): Promise<StoredSyntheticCheck[]> {
      const [now, flat] = (await redis.eval(READ, 1, key)) as [number, string[]];
      const stored: StoredSyntheticCheck[] = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        const value = flat[index + 1] ?? '';
        const bar = value.indexOf('|');
        const parsed = SyntheticCheckResult.safeParse(safeJson(value.slice(bar + 1)));
        if (bar < 0 || !parsed.success) continue;
        const at = Number(value.slice(0, bar));
        stored.push({ result: parsed.data, at, ageMs: Math.max(0, now - at) });
      }
      return stored;
    },
    async forget(keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await redis.hdel(key, ...keys);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
