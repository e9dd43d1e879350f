import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './create-rate-limiter.js';
import type { Endpoint } from './endpoint-catalog.js';

const endpoint: Endpoint = {
  id: 'test.endpoint',
  method: 'GET',
  path: '/open-apis/test',
  family: 'bitable',
  baseWrite: false,
  limits: [{ max: 2, per: 'second' }],
};

function makeLimiter(overrides: Record<string, Endpoint['limits']> = {}, enabled = true) {
  let now = 0;
  const limiter = createRateLimiter({ clock: () => now, enabled, overrides });
  return { limiter, at: (ms: number) => (now = ms) };
}

describe('createRateLimiter', () => {
  it('slides its window: max + 1 calls within any second trip, wherever the second starts', () => {
    const { limiter, at } = makeLimiter();
    at(900);
    expect(limiter.take(endpoint, 'app').kind).toBe('ok');
    at(1100);
    expect(limiter.take(endpoint, 'app').kind).toBe('ok');
    at(1200);
    expect(limiter.take(endpoint, 'app')).toEqual({ kind: 'limited', limit: 2, resetSeconds: 1 });
    at(1900);
    expect(limiter.take(endpoint, 'app').kind).toBe('ok');
  });

  it('counts per app and not the refused calls', () => {
    const { limiter } = makeLimiter();
    limiter.take(endpoint, 'a');
    limiter.take(endpoint, 'a');
    for (let i = 0; i < 3; i++) expect(limiter.take(endpoint, 'a').kind).toBe('limited');
    expect(limiter.take(endpoint, 'b').kind).toBe('ok');
  });

  it('reports the wait of the window that tripped', () => {
    const { limiter, at } = makeLimiter({
      'test.endpoint': [
        { max: 10, per: 'second' },
        { max: 2, per: 'minute' },
      ],
    });
    at(0);
    limiter.take(endpoint, 'app');
    at(15_000);
    limiter.take(endpoint, 'app');
    at(20_000);
    expect(limiter.take(endpoint, 'app')).toEqual({ kind: 'limited', limit: 2, resetSeconds: 40 });
    at(60_001);
    expect(limiter.take(endpoint, 'app').kind).toBe('ok');
  });

  it('allows everything when disabled', () => {
    const { limiter } = makeLimiter({}, false);
    for (let i = 0; i < 100; i++) expect(limiter.take(endpoint, 'app').kind).toBe('ok');
  });
});
