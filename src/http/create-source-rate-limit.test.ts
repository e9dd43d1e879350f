import { describe, expect, it } from 'vitest';
import { createSourceRateLimit } from './create-source-rate-limit.js';

describe('createSourceRateLimit', () => {
  it('lets a source send its burst, then its rate, and refuses the rest', () => {
    let now = 0;
    const limit = createSourceRateLimit({ perSecond: 20, burst: 60, clock: () => now });
    const burst = Array.from({ length: 100 }, () => limit.take('203.0.113.7'));
    now += 1_000;
    const nextSecond = Array.from({ length: 100 }, () => limit.take('203.0.113.7'));

    expect(burst.filter(Boolean)).toHaveLength(60);
    expect(nextSecond.filter(Boolean)).toHaveLength(20);
  });

  it('one source over its rate does not limit another', () => {
    const limit = createSourceRateLimit({ perSecond: 1, burst: 2, clock: () => 0 });
    for (let i = 0; i < 10; i++) limit.take('203.0.113.7');

    expect(limit.take('203.0.113.7')).toBe(false);
    expect(limit.take('198.51.100.2')).toBe(true);
  });

  it('remembers at most maxSources sources, forgetting the least recently seen', () => {
    const limit = createSourceRateLimit({ perSecond: 1, burst: 1, clock: () => 0, maxSources: 2 });
    limit.take('a');
    limit.take('b');
    limit.take('a');
    limit.take('c');

    expect(limit.take('a')).toBe(false);
    expect(limit.take('b')).toBe(true);
  });
});
