import { DelayedError, type Job } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { PolicyUnavailableError } from '../config/policy-unavailable-error.js';
import type { Policy } from '../domain/policy.js';
import { holdWithoutPolicy } from './hold-without-policy.js';

function source(inForce: boolean) {
  return { current: () => (inForce ? ({} as Policy) : null) };
}

function fakeJob() {
  const moveToDelayed = vi.fn(async (_timestamp: number, _token?: string) => undefined);
  return { job: { moveToDelayed } as unknown as Job<{ n: number }>, moveToDelayed };
}

describe('holdWithoutPolicy', () => {
  it('runs the job when a policy is in force', async () => {
    const run = holdWithoutPolicy(source(true), 'hold', async () => 'done');
    const { job, moveToDelayed } = fakeJob();

    expect(await run(job, 'tok')).toBe('done');
    expect(moveToDelayed).not.toHaveBeenCalled();
  });

  it('holds a job (delayed, not run, no attempt spent) while no policy is in force', async () => {
    const processor = vi.fn(async () => 'done');
    const run = holdWithoutPolicy(source(false), 'hold', processor, 5_000);
    const { job, moveToDelayed } = fakeJob();
    const before = Date.now();

    await expect(run(job, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(processor).not.toHaveBeenCalled();
    expect(moveToDelayed).toHaveBeenCalledTimes(1);
    const [until, token] = moveToDelayed.mock.calls[0] ?? [];
    expect(token).toBe('tok');
    expect(until).toBeGreaterThanOrEqual(before + 5_000);
  });

  it('holds a job whose policy went away while it ran', async () => {
    const run = holdWithoutPolicy(source(true), 'hold', async () => {
      throw new PolicyUnavailableError('reload failed');
    });
    const { job, moveToDelayed } = fakeJob();

    await expect(run(job, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledTimes(1);
  });

  it('lets other failures through as failures', async () => {
    const run = holdWithoutPolicy(source(true), 'hold', async () => {
      throw new Error('Lark said no');
    });
    const { job, moveToDelayed } = fakeJob();

    await expect(run(job, 'tok')).rejects.toThrow('Lark said no');
    expect(moveToDelayed).not.toHaveBeenCalled();
  });

  it('skips periodic work while no policy is in force', async () => {
    const processor = vi.fn(async () => 'swept');
    const run = holdWithoutPolicy(source(false), 'skip', processor);
    const { job, moveToDelayed } = fakeJob();

    expect(await run(job, 'tok')).toBeUndefined();
    expect(processor).not.toHaveBeenCalled();
    expect(moveToDelayed).not.toHaveBeenCalled();
  });
});
