import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * A stand-in `/readyz` (and `/healthz`) for a process that is up but cannot start yet (no audit sink can
 * record its start events): an orchestrator or operator sees why, instead of a process that crashed.
 * Listens on the port the process will serve on, only while it waits; `update(null)` closes it.
 */
export function createStartupReadiness(options: { host: string; port: number | undefined; logger: Logger }) {
  let why: string | null = null;
  let server: Promise<Server | null> | null = null;
  return {
    async update(next: string | null): Promise<void> {
      why = next;
      if (next !== null && server === null && options.port !== undefined) {
        server = listen(options.port, options.host, () => why).catch((error: Error) => {
          options.logger.warn(
            { err: error.message, port: options.port },
            'cannot serve /readyz while waiting',
          );
          return null;
        });
      }
      if (next === null && server !== null) {
        const open = await server;
        server = null;
        if (open) {
          open.closeAllConnections();
          await new Promise<void>((resolve) => open.close(() => resolve()));
        }
      }
    },
  };
}

function listen(port: number, host: string, why: () => string | null): Promise<Server> {
  const server = createServer((req, res) => {
    const reason = why();
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (req.method === 'GET' && req.url === '/readyz') {
      const body = { ready: false, why: reason ?? 'starting', checks: { audit: reason ?? 'starting' } };
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else {
      res.writeHead(503).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
