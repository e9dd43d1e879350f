import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createReadyzRoute } from './create-readyz-route.js';
import type { ReadinessCheck } from './readiness-check.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

async function readyz(policyProblem: string | null, readiness: ReadinessCheck[]) {
  const app = express();
  app.get('/readyz', createReadyzRoute({ policyProblem: () => policyProblem, readiness, timeoutMs: 200 }));
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  close = () => server.close();
  const address = server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${address.port}/readyz`);
  return { status: response.status, body: await response.json() };
}

const ok = (name: string): ReadinessCheck => ({ name, check: async () => null });

describe('GET /readyz', () => {
  it('ready: 200 with every check named', async () => {
    expect(await readyz(null, [ok('redis'), ok('workers')])).toEqual({
      status: 200,
      body: { ready: true, checks: { policy: 'ok', redis: 'ok', workers: 'ok' } },
    });
  });

  it('not ready: 503, why joins the reasons, each check says why; a hung or throwing check is a reason', async () => {
    const result = await readyz('the file does not validate', [
      { name: 'redis', check: async () => 'redis: PING failed' },
      { name: 'lark', check: () => new Promise(() => undefined) },
      {
        name: 'audit',
        check: async () => {
          throw new Error('boom');
        },
      },
    ]);

    expect(result).toEqual({
      status: 503,
      body: {
        ready: false,
        why: 'no policy in force: the file does not validate; redis: PING failed; lark: no answer within 200 ms; audit: check failed: boom',
        checks: {
          policy: 'no policy in force: the file does not validate',
          redis: 'redis: PING failed',
          lark: 'lark: no answer within 200 ms',
          audit: 'audit: check failed: boom',
        },
      },
    });
  });
});
