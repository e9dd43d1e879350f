import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../src/domain/alert.js';
import { handleSyntheticCheck } from './handle-synthetic-check.js';

describe('handleSyntheticCheck', () => {
  it('runs the named synthetic check, stores every result and reports the failing ones', async () => {
    const saved: Observation[][] = [];
    const ran: string[] = [];
    const results: Observation[] = [
      { key: 'lark.token', status: 'ok', detail: 'token obtained' },
      { key: 'base.read:crm', status: 'failing', detail: 'HTTP 500' },
    ];

    const outcome = await handleSyntheticCheck('probes', {
      run: async (name) => {
        ran.push(name);
        return results;
      },
      save: async (list) => {
        saved.push([...list]);
      },
      logger: pino({ level: 'silent' }),
    });

    expect(ran).toEqual(['probes']);
    expect(saved).toEqual([results]);
    expect(outcome).toEqual({ failing: ['base.read:crm'] });
  });

  it('a store that cannot save fails the job', async () => {
    await expect(
      handleSyntheticCheck('token-refresh', {
        run: async () => [],
        save: async () => {
          throw new Error('redis down');
        },
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow('redis down');
  });
});
