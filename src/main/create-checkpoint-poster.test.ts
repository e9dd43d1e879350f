import { describe, expect, it } from 'vitest';
import { createCheckpointPoster } from './create-checkpoint-poster.js';

function deferredSends() {
  const sent: number[] = [];
  const finish: Array<(ok: boolean) => void> = [];
  const send = (checkpoint: number) => {
    sent.push(checkpoint);
    return new Promise<void>((resolve, reject) =>
      finish.push((ok) => (ok ? resolve() : reject(new Error('chat refused')))),
    );
  };
  return { sent, finish, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createCheckpointPoster', () => {
  it('posts one at a time and, of those that came meanwhile, only the newest', async () => {
    const { sent, finish, send } = deferredSends();
    const poster = createCheckpointPoster(send);
    poster.post(100);
    for (const seq of [200, 300, 400]) poster.post(seq);
    expect(sent).toEqual([100]);
    finish[0]?.(true);
    await tick();
    expect(sent).toEqual([100, 400]);
    finish[1]?.(true);
    await poster.settled();
    expect(sent).toEqual([100, 400]);
  });

  it('goes on after a failed post, and settled() waits for the one waiting (the final checkpoint)', async () => {
    const { sent, finish, send } = deferredSends();
    const poster = createCheckpointPoster(send);
    poster.post(1);
    poster.post(2);
    let settled = false;
    const done = poster.settled().then(() => {
      settled = true;
    });
    finish[0]?.(false);
    await tick();
    expect(sent).toEqual([1, 2]);
    expect(settled).toBe(false);
    finish[1]?.(true);
    await done;
    expect(settled).toBe(true);
  });
});
