import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareAuditSinks } from '../../src/domain/compare-audit-sinks.js';
import {
  type AuditVerifyOptions,
  verifyAuditChain as verifyWithKey,
} from '../../src/domain/verify-audit-chain.js';
import { type RedisServer, spawnRedisServer } from '../../src/platform/spawn-redis-server.js';
import { createAuditFileSink } from '../../src/store/audit-file-sink.js';
import { createAuditStreamSink } from '../../src/store/audit-stream-sink.js';
import { AuditUnavailableError } from '../../src/store/audit-unavailable-error.js';
import { auditAnchorKey, createAuditAnchor } from '../../src/store/create-audit-anchor.js';
import { createAuditLog } from '../../src/store/create-audit-log.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { readAuditStream } from '../../src/store/read-audit-stream.js';
import { useRedisServer } from '../helpers/redis.js';
import { TEST_CHECKPOINT_KEYS, TEST_HASH_KEY, writeAuditConfig } from './audit-test-keys.js';
import { runAuditVerify } from './run-audit-verify.js';

function verifyAuditChain(
  records: Parameters<typeof verifyWithKey>[0],
  options: Partial<AuditVerifyOptions> = {},
) {
  return verifyWithKey(records, { hashKey: TEST_HASH_KEY, ...options });
}

const KEY = 'larkgate:audit';
let dir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-it-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A connection made the way the audit stream sink requires, closed after the test. */
function auditConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  cleanups.push(async () => redis.disconnect());
  return redis;
}

async function ownRedisServer(): Promise<RedisServer> {
  const server = await spawnRedisServer({ aof: true });
  cleanups.push(() => server.stop());
  return server;
}

function untilReady(redis: Redis): Promise<void> {
  return redis.status === 'ready'
    ? Promise.resolve()
    : new Promise((resolve) => redis.once('ready', () => resolve()));
}

function openLog(path: string, redis: Redis, chain = 'serve-it-1-a') {
  const failures: Array<{ sink: string; seq: number }> = [];
  const log = createAuditLog({
    chain,
    sinks: [createAuditFileSink({ path }), createAuditStreamSink({ redis, key: KEY, timeoutMs: 2_000 })],
    clock: () => new Date(),
    onSinkFailure: ({ sink, seq }) => failures.push({ sink, seq }),
    hashKey: TEST_HASH_KEY,
    // As in production, minus the count and the timer: the only checkpoint is the final one, on close.
    signingKey: TEST_CHECKPOINT_KEYS.privateKey,
    anchor: createAuditAnchor({ redis, key: auditAnchorKey(KEY) }),
    checkpointEvery: 0,
    checkpointIntervalMs: 0,
  });
  return { log, failures };
}

async function readBoth(path: string, redis: Redis) {
  const file = verifyAuditChain(await readAuditFile(path), { sink: 'file' });
  const stream = verifyAuditChain(await readAuditStream(redis, KEY), { sink: 'stream' });
  return { file, stream };
}

const shared = await useRedisServer();

describe('audit log on a real file and a real Redis stream', () => {
  it('writes every event to both sinks, which verify and agree, also through the CLI', async () => {
    const redis = auditConnection(shared.url);
    await untilReady(redis);
    await redis.del(KEY, auditAnchorKey(KEY));
    const path = join(dir, 'both.jsonl');
    const { log, failures } = openLog(path, redis);

    for (let i = 0; i < 20; i++) await log.append({ type: 'op.queued', requestId: `r${i}`, details: { i } });
    await log.close();

    const { file, stream } = await readBoth(path, redis);
    expect(failures).toEqual([]);
    // 20 events and the final checkpoint.
    expect(file).toMatchObject({ ok: true, warnings: [], chains: [{ events: 21, checkpoints: 1 }] });
    expect(stream).toMatchObject({ ok: true, warnings: [], chains: [{ events: 21 }] });
    if (file.ok && stream.ok)
      expect(compareAuditSinks(file.events, stream.events)).toEqual({ ok: true, errors: [], warnings: [] });

    const config = await writeAuditConfig(join(dir, 'both'), {
      file: path,
      stream: KEY,
      redisUrl: shared.url,
    });
    const cli = await runAuditVerify(['--config', config]);
    expect(cli).toMatchObject({ code: 0, err: '' });
    expect(cli.out).toContain(
      'OK: 21 events in 1 chain (file), 21 events in 1 chain (stream); file and stream agree',
    );
    expect(cli.out).toContain('trusted: chain serve-it-1-a up to seq 21 (signed checkpoint of seq 20;');
  });

  it('lets three writer processes share one file and one stream, each chain verifying', async () => {
    const redis = auditConnection(shared.url);
    await untilReady(redis);
    const key = 'larkgate:audit:multi';
    const path = join(dir, 'multi.jsonl');
    const script = join(import.meta.dirname, 'append-audit-events.ts');

    const exits = await Promise.all(
      ['serve', 'worker', 'cli'].map(
        (role) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', script, path, shared.url, key, role, '150'],
              {
                stdio: ['ignore', 'ignore', 'pipe'],
              },
            );
            let stderr = '';
            child.stderr.on('data', (chunk: Buffer) => {
              stderr += chunk.toString();
            });
            child.on('exit', (code) => resolve({ code, stderr }));
          }),
      ),
    );

    expect(exits).toEqual([0, 1, 2].map(() => ({ code: 0, stderr: '' })));
    const file = verifyAuditChain(await readAuditFile(path), { sink: 'file' });
    const stream = verifyAuditChain(await readAuditStream(redis, key), { sink: 'stream' });
    expect(file).toMatchObject({ ok: true, warnings: [] });
    expect(stream).toMatchObject({ ok: true, warnings: [] });
    if (!file.ok || !stream.ok) return;
    expect(file.chains.map((chain) => chain.events)).toEqual([150, 150, 150]);
    expect(file.chains.map((chain) => chain.chain.split('-')[0]).sort()).toEqual(['cli', 'serve', 'worker']);
    expect(compareAuditSinks(file.events, stream.events).ok).toBe(true);
  }, 120_000);
});

describe('audit sink failures', () => {
  it('carries on when Redis dies, alerts, and after the restart verify reports the gap as a warning', async () => {
    const server = await ownRedisServer();
    const redis = auditConnection(server.url);
    await untilReady(redis);
    const path = join(dir, 'redis-dies.jsonl');
    const { log, failures } = openLog(path, redis);
    for (let i = 0; i < 3; i++) await log.append({ type: 'op.queued', details: { i } });
    // appendfsync everysec: let the last acknowledged XADD reach the disk before the crash.
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    await server.kill();
    const during = [await log.append({ type: 'op.applied' }), await log.append({ type: 'op.verified' })];
    await server.start();
    await untilReady(redis);
    await log.append({ type: 'op.verified' });
    await log.close();

    expect(during.map((event) => event.seq)).toEqual([4, 5]);
    expect(failures).toEqual([
      { sink: 'stream', seq: 4 },
      { sink: 'stream', seq: 5 },
    ]);
    const { file, stream } = await readBoth(path, redis);
    // Six events, the gap declaration and the final checkpoint.
    expect(file).toMatchObject({ ok: true, warnings: [], chains: [{ events: 8 }] });
    expect(stream).toMatchObject({
      ok: true,
      warnings: [{ reason: 'declared_gap', seq: 4 }],
      chains: [{ events: 6, lastSeq: 8 }],
    });
    if (file.ok && stream.ok) {
      expect(compareAuditSinks(file.events, stream.events)).toMatchObject({
        ok: true,
        warnings: [{ kind: 'missing', sink: 'stream', fromSeq: 4, toSeq: 5, declared: true }],
      });
    }
    const config = await writeAuditConfig(join(dir, 'dies'), {
      file: path,
      stream: KEY,
      redisUrl: server.url,
    });
    const cli = await runAuditVerify(['--config', config]);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/^OK: 8 events in 1 chain \(file\), 6 events in 1 chain \(stream\)/);
    expect(cli.out).toContain('warning (stream)');
  }, 60_000);

  it('carries on when the file cannot be written, and declares the gap in the file once it can', async () => {
    const server = await ownRedisServer();
    const redis = auditConnection(server.url);
    await untilReady(redis);
    const folder = join(dir, 'appears-later');
    const path = join(folder, 'audit.jsonl');
    const { log, failures } = openLog(path, redis);

    await log.append({ type: 'service.start' });
    await log.append({ type: 'secret.loaded' });
    await mkdir(folder);
    await log.append({ type: 'op.queued' });
    await log.close();

    expect(failures).toEqual([
      { sink: 'file', seq: 1 },
      { sink: 'file', seq: 2 },
    ]);
    const { file, stream } = await readBoth(path, redis);
    expect(stream).toMatchObject({ ok: true, warnings: [], chains: [{ events: 5 }] });
    expect(file).toMatchObject({
      ok: true,
      warnings: [{ reason: 'declared_gap', seq: 1 }],
      chains: [{ firstSeq: 3 }],
    });
  }, 60_000);

  it('refuses the guarded action when neither sink can record, and leaves nothing half-written', async () => {
    const server = await ownRedisServer();
    const redis = auditConnection(server.url);
    await untilReady(redis);
    const folder = join(dir, 'both-down');
    const path = join(folder, 'audit.jsonl');
    const { log } = openLog(path, redis);
    await server.kill();
    let executed = 0;
    const guarded = async () => {
      await log.append({ type: 'op.applied', requestId: 'r1' });
      executed++;
    };

    const refused = guarded();

    await expect(refused).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'audit_unavailable' });
    expect(executed).toBe(0);

    await mkdir(folder);
    await server.start();
    await untilReady(redis);
    await guarded();
    await log.close();

    expect(executed).toBe(1);
    const { file, stream } = await readBoth(path, redis);
    // The refused event left no trace: the one that went through is seq 1 in both sinks, with no gap.
    const held = [
      { seq: 1, request_id: 'r1' },
      { seq: 2, type: 'audit.checkpoint' },
    ];
    expect(file).toMatchObject({ ok: true, warnings: [], events: held });
    expect(stream).toMatchObject({ ok: true, warnings: [], events: held });
  }, 60_000);

  it('loses no acknowledged event when Redis with AOF is killed and restarted', async () => {
    const server = await ownRedisServer();
    const redis = auditConnection(server.url);
    await untilReady(redis);
    const { log, failures } = openLog(join(dir, 'aof.jsonl'), redis);
    const acknowledged = [];
    for (let i = 0; i < 200; i++) acknowledged.push(await log.append({ type: 'op.queued', details: { i } }));
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    await server.kill();
    await server.start();
    await untilReady(redis);
    const after = verifyAuditChain(await readAuditStream(redis, KEY), { sink: 'stream' });
    await log.close();

    expect(failures).toEqual([]);
    expect(after.ok).toBe(true);
    if (after.ok)
      expect(after.events.map((event) => event.hash)).toEqual(acknowledged.map((event) => event.hash));
  }, 60_000);
});
