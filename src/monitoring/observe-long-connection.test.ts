import { describe, expect, it } from 'vitest';
import { observeLongConnection } from './observe-long-connection.js';

describe('observeLongConnection', () => {
  const now = 1_000_000;
  it.each([
    ['connected', { state: 'connected', downSinceMs: null }, 'ok'],
    ['down within the grace', { state: 'down', downSinceMs: now - 30_000 }, 'ok'],
    ['down longer than the grace', { state: 'down', downSinceMs: now - 30_001 }, 'failing'],
    ['never connected for too long', { state: 'connecting', downSinceMs: now - 60_000 }, 'failing'],
    ['given up', { state: 'failed', downSinceMs: now - 1 }, 'failing'],
  ] as const)('%s → %s', (_name, status, expected) => {
    const [observation] = observeLongConnection(status, now, 30_000);
    expect(observation?.key).toBe('lark.ws');
    expect(observation?.status).toBe(expected);
  });
});
