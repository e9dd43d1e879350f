import { describe, expect, it } from 'vitest';
import { DashboardConfig, parseListen } from './dashboard-config.js';

describe('dashboard config', () => {
  it('defaults to loopback, on, without a token', () => {
    expect(DashboardConfig.parse({})).toEqual({
      enabled: true,
      listen: '127.0.0.1:8788',
      refresh_seconds: 10,
    });
  });

  it.each(['0.0.0.0:8788', '10.0.0.5:80', '[::]:8788', 'dash.internal:8788'])(
    'refuses %s without a token',
    (listen) => {
      const result = DashboardConfig.safeParse({ listen });

      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('needs a token');
    },
  );

  it('accepts a non-loopback address with a secret:// token, and refuses a literal token', () => {
    expect(
      DashboardConfig.safeParse({ listen: '0.0.0.0:8788', token: 'secret://env/DASH_TOKEN' }).success,
    ).toBe(true);
    expect(DashboardConfig.safeParse({ listen: '0.0.0.0:8788', token: 'hunter2' }).success).toBe(false);
  });

  it.each([
    ['127.0.0.1:8788', { host: '127.0.0.1', port: 8788 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
  ])('reads %s', (listen, expected) => {
    expect(parseListen(listen)).toEqual(expected);
    expect(DashboardConfig.safeParse({ listen }).success).toBe(true);
  });
});
