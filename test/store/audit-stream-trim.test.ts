import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/exit-codes.js';
import type { RedisServer } from '../../src/platform/spawn-redis-server.js';
import { createAuditFileSink } from '../../src/store/audit-file-sink.js';
import { createAuditStreamSink } from '../../src/store/audit-stream-sink.js';
import { auditAnchorKey, createAuditAnchor } from '../../src/store/create-audit-anchor.js';
import { createAuditLog } from '../../src/store/create-audit-log.js';
import { createAuditStreamTrim } from '../../src/store/create-audit-stream-trim.js';
import { trackAuditCoverage } from '../../src/store/track-audit-coverage.js';
import { TEST_CHECKPOINT_KEYS, TEST_HASH_KEY, writeAuditConfig } from '../audit/audit-test-keys.js';
import { runAuditVerify } from '../audit/run-audit-verify.js';
import { useRedisServer } from '../helpers/redis.js';

const STREAM = 'larkgate:audit';
// At the top level, not in a hook: useRedisServer registers the afterAll that stops it.
const server: RedisServer = await useRedisServer();
let redis: Redis;
let auditRedis: Redis;
let dir: string;
const opened: Redis[] = [];

beforeAll(async () => {
  redis = new Redis(server.url);
  auditRedis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
  opened.push(redis, auditRedis);
  dir = await mkdtemp(join(tmpdir(), 'larkgate-trim-'));
});
afterAll(async () => {
  for (const connection of opened) connection.disconnect();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await redis.flushall();
});

/** One writer process's audit log, wired as createRuntime wires it (coverage, trim, cap). */
function writer(chain: string, file: string, options: { maxLen?: number; keepMs?: number } = {}) {
  // Keep nothing by age here (production keeps 31 days): the test's events are all seconds old.
  const trim = createAuditStreamTrim(redis, STREAM, { ms: options.keepMs ?? 0, clock: Date.now });
  const pending: Promise<unknown>[] = [];
  let fileHealthy = () => false;
  const coverage = trackAuditCoverage(
    {
      file: createAuditFileSink({ path: file }),
      stream: createAuditStreamSink({
        redis: auditRedis,
        key: STREAM,
        maxLen: () => (options.maxLen && fileHealthy() ? options.maxLen : null),
      }),
    },
    {
      onFirst: (c, id) => pending.push(trim.register(c, id)),
      onHeld: (c, _seq, id) => pending.push(trim.held(c, id)),
    },
  );
  fileHealthy = coverage.fileHealthy;
  const log = createAuditLog({
    chain,
    sinks: [coverage.file, coverage.stream],
    clock: () => new Date(),
    onSinkFailure: () => undefined,
    checkpointEvery: 50,
    hashKey: TEST_HASH_KEY,
    signingKey: TEST_CHECKPOINT_KEYS.privateKey,
    anchor: createAuditAnchor({ redis: auditRedis, key: auditAnchorKey(STREAM) }),
  });
  return {
    async append(count: number) {
      for (let i = 0; i < count; i++) {
        await log.append({ type: 'monitor.keepalive', actor: 'test', requestId: null, details: { i } });
      }
      await log.checkpoint().catch(() => undefined);
      await Promise.all(pending);
    },
    close: () => log.close(),
  };
}

async function streamSeqs(): Promise<Map<string, number[]>> {
  const seqs = new Map<string, number[]>();
  for (const [, fields] of await redis.xrange(STREAM, '-', '+')) {
    const event = JSON.parse(fields[1] as string) as { chain: string; seq: number };
    seqs.set(event.chain, [...(seqs.get(event.chain) ?? []), event.seq]);
  }
  return seqs;
}

describe('bounding the audit stream', () => {
  it('trims only below the lowest chain’s newest checkpoint the file holds, and audit verify still passes', async () => {
    const file = join(dir, 'two-chains.jsonl');
    const a = writer('serve-h-1-a', file);
    const b = writer('worker-h-2-b', file);

    await a.append(20);
    await b.append(400);
    const whileAHasNoCheckpoint = await redis.xlen(STREAM);
    await a.append(400);
    const after = await streamSeqs();
    await Promise.all([a.close(), b.close()]);
    const inFile = (await readFile(file, 'utf8')).trim().split('\n').length;
    const config = await writeAuditConfig(join(dir, 'verify'), {
      file,
      stream: STREAM,
      redisUrl: server.url,
    });
    const verify = await runAuditVerify(['--config', config]);

    // A's first event, before any checkpoint of A, held the floor: nothing was trimmed.
    expect(whileAHasNoCheckpoint).toBeGreaterThan(400);
    // Then each chain lost a prefix of its events from the stream, all below a checkpoint the file holds.
    expect((after.get('serve-h-1-a') ?? [])[0]).toBeGreaterThan(1);
    expect((after.get('worker-h-2-b') ?? [])[0]).toBeGreaterThan(1);
    expect([...after.values()].flat().length).toBeLessThan(inFile);
    expect(await redis.get(`${STREAM}:trimmed`)).not.toBeNull();
    expect(verify, verify.out + verify.err).toMatchObject({ code: EXIT.ok });
    expect(verify.out).toContain('the stream was trimmed');
  });

  it('never trims entries younger than the keep period (the guard’s drill evidence lives there)', async () => {
    const a = writer('serve-h-5-e', join(dir, 'kept.jsonl'), { keepMs: 86_400_000 });

    await a.append(400);
    const seqs = await streamSeqs();
    await a.close();

    expect(seqs.get('serve-h-5-e')?.[0]).toBe(1);
    expect(await redis.get(`${STREAM}:trimmed`)).toBeNull();
  });

  it('while the file sink fails nothing is trimmed and the cap is off: the stream may be the only copy', async () => {
    const broken = join(dir, 'a-directory');
    await mkdir(broken, { recursive: true });
    const a = writer('serve-h-3-c', broken, { maxLen: 50 });

    await a.append(400);
    const length = await redis.xlen(STREAM);
    await a.close();

    expect(length).toBeGreaterThanOrEqual(400);
  });

  it('with the file healthy, the safety cap bounds the stream (XADD MAXLEN ~)', async () => {
    const a = writer('serve-h-4-d', join(dir, 'capped.jsonl'), { maxLen: 50 });
    // No checkpoint held yet cannot stop the cap: it is the backstop when trimming is stuck.
    await a.append(40);
    await redis.hset(`${STREAM}:held`, 'a-chain-that-crashed', '0-1');
    await a.append(400);
    const length = await redis.xlen(STREAM);
    await a.close();

    expect(length).toBeLessThan(300);
  });
});
