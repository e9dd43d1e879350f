import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { spawnWorker, type WorkerProcess } from '../../src/main/spawn-worker-process.js';
import { getFreePort } from '../../src/platform/get-free-port.js';
import { type Harness, startHarness } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ runWorker: false, drill: false });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function readyz(
  port: number,
): Promise<{ status: number; body: { ready?: boolean; why?: string } } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as { ready?: boolean; why?: string } };
  } catch {
    return null;
  }
}

describe('a worker started while neither audit sink can record', () => {
  it('stays up, logs why, says so on /readyz, and starts once a sink records again', async () => {
    const port = await getFreePort();
    const config = parseDocument(await readFile(h.configPath, 'utf8'));
    config.setIn(['monitoring'], config.createNode({ enabled: false, worker_metrics_port: port }));
    const workerConfig = join(h.dir, 'worker.yaml');
    await writeFile(workerConfig, config.toString());
    const file = join(h.dir, 'audit/audit.jsonl');
    const stream = h.runtime.loaded.config.audit.stream;
    const logPath = join(h.dir, 'worker.log');
    // The file: gone, a directory in its place. The stream: a key of the wrong type (WRONGTYPE on XADD).
    await copyFile(file, `${file}.kept`);
    await rm(file);
    await mkdir(file);
    await h.runtime.redis.rename(stream, `${stream}.kept`);
    await h.runtime.redis.set(stream, 'not a stream');
    let worker: WorkerProcess | undefined;
    try {
      worker = spawnWorker(workerConfig, logPath);
      const waiting = await h.waitFor('/readyz to say why the worker waits', async () => {
        const answer = await readyz(port);
        return answer?.status === 503 ? answer : undefined;
      });
      const log = await readFile(logPath, 'utf8');

      expect(waiting.body.why).toMatch(
        /^audit: no audit sink can record \(file: .*EISDIR.*; stream: .*WRONGTYPE/,
      );
      expect(log).toContain('no audit sink can record: not starting yet, retrying');
      expect(log).not.toMatch(/^\s+at /m);
      expect(worker.child.exitCode).toBeNull();

      await h.runtime.redis.del(stream);
      await h.runtime.redis.rename(`${stream}.kept`, stream);
      await rm(file, { recursive: true });
      await rename(`${file}.kept`, file);
      const ready = await h.waitFor(
        'the worker to start',
        async () => {
          const answer = await readyz(port);
          return answer?.status === 200 ? answer : undefined;
        },
        60_000,
      );

      expect(ready.body.ready).toBe(true);
      expect(await readFile(logPath, 'utf8')).toContain('worker started');
    } finally {
      await worker?.stop();
      if ((await h.runtime.redis.type(stream)) === 'string') {
        await h.runtime.redis.del(stream);
        await h.runtime.redis.rename(`${stream}.kept`, stream);
      }
      await rm(file, { recursive: true, force: true }).catch(() => undefined);
      await rename(`${file}.kept`, file).catch(() => undefined);
    }
  }, 120_000);
});
