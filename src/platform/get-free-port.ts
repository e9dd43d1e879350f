import { createServer } from 'node:net';

/**
 * Ports are drawn from below Linux's ephemeral range (32768–60999 by default): the kernel hands ports from
 * that range to every outgoing connection and every `listen(0)`, so a port found free there can be taken by
 * some client socket before the caller binds it (seen as EADDRINUSE under a busy test run). Below it, only
 * another caller of this function could pick the same port, one in 12,000.
 */
const LOW = 20_000;
const HIGH = 32_000;

/** A free TCP port on the loopback interface that the caller can bind a moment later. */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if ((await listenOnce(port, host)) !== null) return port;
  }
  // Crowded below the ephemeral range: ask the kernel.
  const port = await listenOnce(0, host);
  if (port === null) throw new Error('no free port on the loopback interface');
  return port;
}

/** Binds `port` (0: the kernel chooses) and lets go at once; the port it had, or null if it was taken. */
function listenOnce(port: number, host: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(null);
      else reject(error);
    });
    server.listen({ port, host }, () => {
      const address = server.address();
      const bound = address !== null && typeof address !== 'string' ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}
