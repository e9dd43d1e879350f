import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import { toFileRecords } from '../../test/audit/build-audit-lines.js';
import type { AuditAnchorRecord } from '../domain/audit-anchor-record.js';
import { type AuditCheckpoint, verifyCheckpoint } from '../domain/audit-checkpoint.js';
import { compareAuditSinks } from '../domain/compare-audit-sinks.js';
import { type AuditVerifyOptions, verifyAuditChain as verifyWithKey } from '../domain/verify-audit-chain.js';
import { AuditUnavailableError } from './audit-unavailable-error.js';
import type { AuditAnchor } from './create-audit-anchor.js';
import { type AuditLogOptions, type AuditSink, createAuditLog } from './create-audit-log.js';

function verifyAuditChain(
  records: Parameters<typeof verifyWithKey>[0],
  options: Partial<AuditVerifyOptions> = {},
) {
  return verifyWithKey(records, { hashKey: TEST_HASH_KEY, ...options });
}

/** The checkpoint anchor in memory, as Redis would hold it. */
function memoryAnchor(initial: AuditAnchorRecord[] = []): AuditAnchor & { saved: AuditAnchorRecord[] } {
  const saved: AuditAnchorRecord[] = [];
  const byChain = new Map(initial.map((record) => [record.checkpoint.chain, record]));
  return {
    saved,
    async save(record) {
      saved.push(record);
      byChain.set(record.checkpoint.chain, record);
    },
    async read() {
      return { records: [...byChain.values()], malformed: [] };
    },
  };
}

type MemorySink = AuditSink & { lines: string[]; down: boolean; closed: boolean };

function memorySink(name: string, delayMs = 0): MemorySink {
  const sink: MemorySink = {
    name,
    lines: [],
    down: false,
    closed: false,
    async write(line) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * delayMs));
      if (sink.down) throw Object.assign(new Error(`${name} is down`), { code: 'EIO' });
      sink.lines.push(line);
    },
    async close() {
      sink.closed = true;
    },
  };
  return sink;
}

function makeLog(overrides: Partial<AuditLogOptions> = {}) {
  const file = memorySink('file');
  const stream = memorySink('stream');
  const failures: Array<{ sink: string; seq: number }> = [];
  const checkpoints: AuditCheckpoint[] = [];
  let ms = Date.UTC(2026, 2, 1);
  const log = createAuditLog({
    chain: 'serve-h-1-a',
    sinks: [file, stream],
    clock: () => {
      ms += 1_000;
      return new Date(ms);
    },
    onSinkFailure: ({ sink, seq }) => failures.push({ sink, seq }),
    onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
    hashKey: TEST_HASH_KEY,
    checkpointIntervalMs: 0,
    ...overrides,
  });
  return { log, file, stream, failures, checkpoints };
}

const keys = generateKeyPairSync('ed25519');

describe('createAuditLog', () => {
  it('writes every event to both sinks as a chain that verifies', async () => {
    const { log, file, stream } = makeLog();

    await log.append({ type: 'service.start' });
    await log.append({
      type: 'request.created',
      actor: 'ou_alice',
      requestId: 'r1',
      details: { base: 'CRM' },
    });
    const last = await log.append({ type: 'approval.vote', actor: 'ou_bob', requestId: 'r1' });

    expect(last).toMatchObject({ seq: 3, actor: 'ou_bob', request_id: 'r1' });
    expect(file.lines).toEqual(stream.lines);
    expect(verifyAuditChain(toFileRecords(file.lines))).toMatchObject({ ok: true, chains: [{ events: 3 }] });
  });

  it('keeps seq order equal to write order when appends race', async () => {
    const file = memorySink('file', 5);
    const stream = memorySink('stream', 5);
    const { log } = makeLog({ sinks: [file, stream] });

    const events = await Promise.all(
      Array.from({ length: 30 }, (_, i) => log.append({ type: 'op.queued', details: { i } })),
    );

    expect(events.map((event) => event.details.i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(verifyAuditChain(toFileRecords(stream.lines), { sink: 'stream' }).ok).toBe(true);
    expect(file.lines).toEqual(stream.lines);
  });

  it('refuses when neither sink can record, writes nothing, and reuses the seq afterwards', async () => {
    const { log, file, stream, failures } = makeLog();
    await log.append({ type: 'service.start' });
    file.down = true;
    stream.down = true;

    const refused = log.append({ type: 'op.applied', requestId: 'r1' });

    await expect(refused).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'audit_unavailable' });
    expect(file.lines).toHaveLength(1);
    expect(stream.lines).toHaveLength(1);
    expect(failures).toEqual([
      { sink: 'file', seq: 2 },
      { sink: 'stream', seq: 2 },
    ]);

    file.down = false;
    stream.down = false;
    const next = await log.append({ type: 'op.applied', requestId: 'r1' });

    expect(next.seq).toBe(2);
    expect(verifyAuditChain(toFileRecords(file.lines), { sink: 'file' })).toMatchObject({
      ok: true,
      warnings: [],
    });
  });

  it('carries on with one sink down, alerts, and declares the gap once the sink is back', async () => {
    const { log, file, stream, failures } = makeLog();
    await log.append({ type: 'service.start' });
    stream.down = true;
    await log.append({ type: 'op.queued' });
    await log.append({ type: 'op.applied' });
    stream.down = false;
    await log.append({ type: 'op.verified' });
    await log.append({ type: 'op.verified' });

    expect(failures).toEqual([
      { sink: 'stream', seq: 2 },
      { sink: 'stream', seq: 3 },
    ]);
    const declarations = file.lines
      .map((line) => JSON.parse(line))
      .filter((e) => e.type === 'audit.sink_gap');
    expect(declarations).toEqual([
      expect.objectContaining({ seq: 5, details: { sink: 'stream', missing: [{ from_seq: 2, to_seq: 3 }] } }),
    ]);
    const fileResult = verifyAuditChain(toFileRecords(file.lines), { sink: 'file' });
    const streamResult = verifyAuditChain(toFileRecords(stream.lines), { sink: 'stream' });
    expect(fileResult).toMatchObject({ ok: true, warnings: [] });
    expect(streamResult).toMatchObject({ ok: true, warnings: [{ reason: 'declared_gap', seq: 2 }] });
    if (fileResult.ok && streamResult.ok) {
      expect(compareAuditSinks(fileResult.events, streamResult.events)).toMatchObject({
        ok: true,
        errors: [],
        warnings: [{ kind: 'missing', sink: 'stream', fromSeq: 2, toSeq: 3, declared: true }],
      });
    }
  });

  it('lists every gap of a sink that fails again while declaring', async () => {
    const { log, file, stream } = makeLog();
    await log.append({ type: 'service.start' }); // 1 both
    stream.down = true;
    await log.append({ type: 'op.queued' }); // 2 file only
    stream.down = false;
    // 3 both; then the declaration (4) is written — make the stream fail just for it.
    const original = stream.write;
    stream.write = async (line) => {
      if (line.includes('audit.sink_gap')) {
        stream.write = original;
        throw new Error('blip');
      }
      return original(line);
    };
    await log.append({ type: 'op.applied' });
    await log.append({ type: 'op.verified' }); // 5 both, then declaration 6 covering 2 and 4
    await log.close(); // the declaration follows the append that healed the sink

    const last = JSON.parse(file.lines.at(-1) as string);
    expect(last).toMatchObject({
      type: 'audit.sink_gap',
      seq: 6,
      details: {
        sink: 'stream',
        missing: [
          { from_seq: 2, to_seq: 2 },
          { from_seq: 4, to_seq: 4 },
        ],
      },
    });
    expect(verifyAuditChain(toFileRecords(stream.lines), { sink: 'stream' })).toMatchObject({ ok: true });
  });

  it('checkpoints every N events with a signature that verifies, and hands each to the hook', async () => {
    const { log, file, checkpoints } = makeLog({ checkpointEvery: 3, signingKey: keys.privateKey });

    for (let i = 0; i < 7; i++) await log.append({ type: 'op.queued', details: { i } });
    await log.close();

    const types = file.lines.map((line) => JSON.parse(line).type);
    expect(types).toEqual([
      'op.queued',
      'op.queued',
      'op.queued',
      'audit.checkpoint',
      'op.queued',
      'op.queued',
      'op.queued',
      'audit.checkpoint',
      'op.queued',
      // The final checkpoint, written by close(): the chain's last event is known outside the log.
      'audit.checkpoint',
    ]);
    expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([3, 7, 9]);
    expect(checkpoints.every((checkpoint) => verifyCheckpoint(checkpoint, keys.publicKey).ok)).toBe(true);
    expect(verifyAuditChain(toFileRecords(file.lines), { publicKey: keys.publicKey })).toMatchObject({
      ok: true,
      chains: [{ checkpoints: 3 }],
    });
  });

  it('checkpoints a quiet chain after the interval, without waiting for more events', async () => {
    const anchor = memoryAnchor();
    let written: (checkpoint: AuditCheckpoint) => void = () => undefined;
    const checkpointed = new Promise<AuditCheckpoint>((resolve) => {
      written = resolve;
    });
    const { log, file } = makeLog({
      signingKey: keys.privateKey,
      checkpointIntervalMs: 20,
      anchor,
      onCheckpoint: (checkpoint) => written(checkpoint),
    });
    const only = await log.append({ type: 'service.start' });

    const checkpoint = await checkpointed;

    expect(checkpoint).toMatchObject({ seq: 1, hash: only.hash });
    expect(file.lines.map((line) => JSON.parse(line).type)).toEqual(['service.start', 'audit.checkpoint']);
    expect(anchor.saved).toEqual([{ checkpoint, sinks: ['file', 'stream'], stream_id: null, final: false }]);
    await log.close();
    // Nothing happened since: close adds no second checkpoint.
    expect(file.lines).toHaveLength(2);
  });

  it('names the other chains’ anchored heads in its checkpoints, and anchors its final one', async () => {
    const other: AuditAnchorRecord = {
      checkpoint: {
        chain: 'worker-h-2-b',
        seq: 41,
        hash: 'cd'.repeat(32),
        ts: new Date(Date.UTC(2026, 2, 1)).toISOString(),
        heads: [],
        signature: `${'A'.repeat(86)}==`,
      },
      sinks: ['file', 'stream'],
      stream_id: '1-1',
      final: false,
    };
    const anchor = memoryAnchor([other]);
    const { log, stream } = makeLog({ signingKey: keys.privateKey, anchor });
    await log.append({ type: 'service.start' });
    stream.down = true;

    await log.close();

    expect(anchor.saved).toHaveLength(1);
    expect(anchor.saved[0]).toMatchObject({
      checkpoint: {
        chain: 'serve-h-1-a',
        seq: 1,
        heads: [{ chain: 'worker-h-2-b', seq: 41, hash: 'cd'.repeat(32), sinks: ['file', 'stream'] }],
      },
      // The stream missed the checkpoint event: verify will not hold the stream to it.
      sinks: ['file'],
      final: true,
    });
  });

  it('checkpoints on demand, covering the last event', async () => {
    const { log, file, checkpoints } = makeLog({ signingKey: keys.privateKey });
    const last = await log.append({ type: 'drill.passed' });

    const checkpoint = await log.checkpoint();

    expect(checkpoint).toMatchObject({ chain: 'serve-h-1-a', seq: 1, hash: last.hash });
    expect(checkpoints).toEqual([checkpoint]);
    expect(JSON.parse(file.lines[1] as string)).toMatchObject({
      type: 'audit.checkpoint',
      details: { checkpoint },
    });
  });

  it('has no checkpoints without a signing key', async () => {
    const { log, file } = makeLog({ checkpointEvery: 1 });
    await log.append({ type: 'service.start' });
    await log.append({ type: 'service.stop' });

    await expect(log.checkpoint()).rejects.toThrow(/signing key/);
    expect(file.lines).toHaveLength(2);
  });

  it('refuses appends after close and closes the sinks', async () => {
    const { log, file, stream } = makeLog();
    await log.append({ type: 'service.start' });

    await log.close();

    expect([file.closed, stream.closed]).toEqual([true, true]);
    await expect(log.append({ type: 'service.stop' })).rejects.toMatchObject({ code: 'audit_unavailable' });
  });

  it('rejects an event whose details are not JSON without writing it', async () => {
    const { log, file } = makeLog();

    await expect(log.append({ type: 'op.failed', details: { at: new Date() } })).rejects.toThrow(TypeError);
    expect(file.lines).toEqual([]);
    expect((await log.append({ type: 'op.failed' })).seq).toBe(1);
  });

  it('is not disturbed by hooks that throw', async () => {
    const { log, file, stream } = makeLog({
      onSinkFailure: () => {
        throw new Error('pager down');
      },
    });
    stream.down = true;

    await expect(log.append({ type: 'service.start' })).resolves.toMatchObject({ seq: 1 });
    expect(file.lines).toHaveLength(1);
  });

  it.each([
    ['no sinks', { sinks: [] }],
    ['two sinks with one name', { sinks: [memorySink('file'), memorySink('file')] }],
    ['a bad chain id', { chain: 'has space' }],
    ['a negative checkpoint interval', { checkpointEvery: -1 }],
    ['a negative checkpoint time', { checkpointIntervalMs: -1 }],
    ['a signing key that is not Ed25519', { signingKey: generateKeyPairSync('x25519').privateKey }],
  ])('refuses to start with %s', (_name, overrides) => {
    expect(() => makeLog(overrides as Partial<AuditLogOptions>)).toThrow();
  });
});
