import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';
import { retryWhileAuditUnavailable } from './retry-while-audit-unavailable.js';

const down = () =>
  new AuditUnavailableError('no audit sink could record the event', [
    { sink: 'file', error: Object.assign(new Error('illegal operation on a directory'), { code: 'EISDIR' }) },
    { sink: 'stream', error: new Error('WRONGTYPE Operation against a key holding the wrong kind of value') },
  ]);

describe('retryWhileAuditUnavailable', () => {
  it('waits with backoff while no sink records, says why, and goes on once one does', async () => {
    let attempts = 0;
    const slept: number[] = [];
    const states: (string | null)[] = [];

    const result = await retryWhileAuditUnavailable(
      async () => {
        attempts += 1;
        if (attempts < 4) throw down();
        return 'recorded';
      },
      {
        logger: pino({ level: 'silent' }),
        sleep: async (ms) => {
          slept.push(ms);
        },
        onWaiting: (why) => {
          states.push(why);
        },
        delaysMs: [10, 20],
      },
    );

    expect(result).toBe('recorded');
    expect(slept).toEqual([10, 20, 20]);
    expect(states.at(0)).toBe(
      'audit: no audit sink can record (file: EISDIR: illegal operation on a directory; stream: WRONGTYPE Operation against a key holding the wrong kind of value); retrying every ≤ 0.02 s',
    );
    expect(states.at(-1)).toBeNull();
  });

  it('any other error is not waited out', async () => {
    const failing = retryWhileAuditUnavailable(
      async () => {
        throw new Error('bad config');
      },
      { logger: pino({ level: 'silent' }), sleep: async () => undefined },
    );

    await expect(failing).rejects.toThrow('bad config');
  });
});
