import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { isLoopbackHost, parseListen } from '../config/dashboard-config.js';
import type { Secret } from '../config/secret.js';
import { createDashboardApp } from './create-dashboard-app.js';
import type { DashboardReader } from './create-dashboard-reader.js';

export type RunningDashboard = { url: string; port: number; close(): Promise<void> };

/**
 * Listens for the dashboard on its own address (`dashboard.listen`, loopback by default), apart from the
 * Lark routes. Off loopback without a token it refuses to start (the config schema refuses that too).
 */
export async function startDashboard(deps: {
  listen: string;
  /** Overrides the port of `listen` (tests, the demo: a free port). */
  port?: number;
  token: Secret | null;
  refreshSeconds: number;
  reader: DashboardReader;
  logger: Logger;
}): Promise<RunningDashboard> {
  const { host, port } = parseListen(deps.listen);
  if (!isLoopbackHost(host) && deps.token === null) {
    throw new Error('dashboard.listen is not loopback and no dashboard.token is set');
  }
  const app = createDashboardApp({
    reader: deps.reader,
    refreshSeconds: deps.refreshSeconds,
    token: deps.token,
    logger: deps.logger,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(deps.port ?? port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${bound}/dashboard`,
    port: bound,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
