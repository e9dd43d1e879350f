import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getFreePort } from './get-free-port.js';

describe('getFreePort', () => {
  it('gives a port below the ephemeral range that can be bound', async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_000);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1' }, () => resolve());
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives different ports to callers asking at once', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => getFreePort()));
    expect(new Set(ports).size).toBeGreaterThan(15);
  });
});
