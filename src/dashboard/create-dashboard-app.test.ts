import type { Server } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBase } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import { Secret } from '../config/secret.js';
import { createDashboardApp } from './create-dashboard-app.js';
import type { DashboardReader } from './create-dashboard-reader.js';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const reader: DashboardReader = {
  async read() {
    return {
      now: T0,
      bases: [makeBase({ name: HOSTILE, tables: [HOSTILE] })],
      pending: [makeRequest({ requester: HOSTILE })],
      events: [],
      eventLimit: 5000,
      queueDepths: { crm: 0 },
      alerts: null,
    };
  },
  findEvent: async () => null,
};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(token: string | null): Promise<string> {
  const app = createDashboardApp({
    reader,
    refreshSeconds: 7,
    token: token === null ? null : new Secret(token, 'secret://env/DASHBOARD_TOKEN'),
    logger: pino({ level: 'silent' }),
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('the dashboard app', () => {
  it('shows a page that reloads itself, with no script, form or button, and Base names as text', async () => {
    const url = await start(null);

    const response = await fetch(`${url}/dashboard`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain('<meta http-equiv="refresh" content="7">');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;');
    expect(page).not.toMatch(/<(script|form|button|input|img)\b/i);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    'refuses %s with 405 (read-only)',
    async (method) => {
      const url = await start('the-token');

      const response = await fetch(`${url}/dashboard`, {
        method,
        headers: { authorization: 'Bearer the-token' },
      });

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    },
  );

  it('answers HEAD', async () => {
    const url = await start(null);

    expect((await fetch(`${url}/dashboard`, { method: 'HEAD' })).status).toBe(200);
  });

  it('with a token: refuses without it, accepts the bearer, and trades ?token= for a cookie that is not the token', async () => {
    const url = await start('the-token');

    const without = await fetch(`${url}/dashboard`);
    const wrong = await fetch(`${url}/dashboard`, { headers: { authorization: 'Bearer nope' } });
    const bearer = await fetch(`${url}/dashboard`, { headers: { authorization: 'Bearer the-token' } });
    const query = await fetch(`${url}/dashboard?token=the-token`, { redirect: 'manual' });
    const cookie = (query.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const withCookie = await fetch(`${url}/dashboard`, { headers: { cookie } });

    expect([without.status, wrong.status, bearer.status]).toEqual([401, 401, 200]);
    expect(await without.text()).not.toContain('the-token');
    expect(query.status).toBe(303);
    expect(query.headers.get('location')).toBe('/dashboard');
    expect(cookie).toMatch(/^larkgate_dashboard=[0-9a-f]{64}$/);
    expect(cookie).not.toContain('the-token');
    expect(withCookie.status).toBe(200);
    expect(await withCookie.text()).not.toContain('the-token');
  });

  it('says when an evidence event is not among the events it read', async () => {
    const url = await start(null);

    const response = await fetch(`${url}/dashboard/evidence/c1/42`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('c1#42');
  });
});
