import { describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { verifyAuditChain } from '../domain/verify-audit-chain.js';
import { type AuditSink, createAuditLog } from './create-audit-log.js';

function batchingSink(name: string) {
  const lines: string[] = [];
  const batches: number[] = [];
  const sink: AuditSink = {
    name,
    async write(line) {
      lines.push(line);
      batches.push(1);
    },
    async writeBatch(batch) {
      // A durable write takes a while: appends arriving meanwhile must share the next one.
      await new Promise((resolve) => setTimeout(resolve, 5));
      lines.push(...batch);
      batches.push(batch.length);
    },
    async close() {},
  };
  return { sink, lines, batches };
}

describe('audit group commit', () => {
  it('200 concurrent appends share a few durable writes, and the chain still verifies in order', async () => {
    const file = batchingSink('file');
    const stream = batchingSink('stream');
    const log = createAuditLog({
      chain: 'serve-test-1-a',
      sinks: [file.sink, stream.sink],
      clock: () => new Date(0),
      onSinkFailure: () => undefined,
      hashKey: TEST_HASH_KEY,
    });

    const events: AuditEvent[] = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        log.append({ type: 'approval.vote', actor: `ou_${i}`, details: { i } }),
      ),
    );
    await log.close();

    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(file.batches.length).toBeLessThan(20);
    expect(file.lines).toEqual(stream.lines);
    expect(
      verifyAuditChain(
        file.lines.map((text, index) => ({ text, line: index + 1 })),
        { hashKey: TEST_HASH_KEY },
      ).ok,
    ).toBe(true);
  });

  it('refuses one bad input in a batch without failing the others or spending a seq', async () => {
    const file = batchingSink('file');
    const log = createAuditLog({
      chain: 'serve-test-1-b',
      sinks: [file.sink],
      clock: () => new Date(0),
      onSinkFailure: () => undefined,
      hashKey: TEST_HASH_KEY,
    });

    const results = await Promise.allSettled([
      log.append({ type: 'tool.allowed', details: { ok: 1 } }),
      log.append({ type: 'tool.allowed', details: { bad: Number.NaN } }),
      log.append({ type: 'tool.allowed', details: { ok: 2 } }),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.seq] : []))).toEqual([
      1, 2,
    ]);
  });

  it('rejects every append of a batch that no sink could take', async () => {
    const broken: AuditSink = {
      name: 'file',
      write: async () => Promise.reject(new Error('disk gone')),
      writeBatch: async () => Promise.reject(new Error('disk gone')),
      close: async () => undefined,
    };
    const log = createAuditLog({
      chain: 'serve-test-1-c',
      sinks: [broken],
      clock: () => new Date(0),
      onSinkFailure: () => undefined,
      hashKey: TEST_HASH_KEY,
    });

    const results = await Promise.allSettled([
      log.append({ type: 'tool.allowed' }),
      log.append({ type: 'tool.allowed' }),
    ]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(log.head().seq).toBe(0);
  });
});
