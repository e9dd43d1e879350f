import { z } from 'zod';
import { SecretRef } from './secret-ref.js';

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const LISTEN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * `dashboard:` in larkgate.yaml: the read-only dashboard `larkgate serve` shows at `GET /dashboard`
 * (src/dashboard/). It listens on its own address, loopback by default; anywhere else it needs `token`, a
 * secret:// reference, sent as `Authorization: Bearer <token>` (or `?token=` from a browser).
 */
export const DashboardConfig = z
  .strictObject({
    enabled: z.boolean().default(true),
    listen: z
      .string()
      .regex(LISTEN, 'host:port, like 127.0.0.1:8788')
      .refine((text) => Number(LISTEN.exec(text)?.[2]) <= 65_535, 'a port is at most 65535')
      .default('127.0.0.1:8788'),
    token: SecretRef.optional(),
    /** How often the page reloads itself. */
    refresh_seconds: z.number().int().min(2).max(3600).default(10),
  })
  .superRefine((dashboard, ctx) => {
    if (
      dashboard.enabled &&
      dashboard.token === undefined &&
      !isLoopbackHost(parseListen(dashboard.listen).host)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message:
          'a dashboard listening beyond loopback needs a token: token: secret://env/NAME or secret://file/PATH',
      });
    }
  });
export type DashboardConfig = z.infer<typeof DashboardConfig>;

export function parseListen(listen: string): { host: string; port: number } {
  const match = LISTEN.exec(listen);
  if (!match) throw new Error(`dashboard.listen: expected host:port, got ${listen}`);
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
