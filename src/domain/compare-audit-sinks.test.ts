import { describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import { buildAuditLines } from '../../test/audit/build-audit-lines.js';
import type { AuditEvent } from './audit-event.js';
import { buildAuditEvent } from './build-audit-event.js';
import { compareAuditSinks } from './compare-audit-sinks.js';

const A = 'serve-h-1-a';
const B = 'worker-h-2-b';

function log() {
  return buildAuditLines({ chains: [A, B], order: [0, 0, 1, 0, 1, 0, 0, 1] }).events;
}

function declare(after: AuditEvent, sink: string, from: number, to: number): AuditEvent {
  return buildAuditEvent(
    after,
    { type: 'audit.sink_gap', details: { sink, missing: [{ from_seq: from, to_seq: to }] } },
    new Date(after.ts),
    TEST_HASH_KEY,
  );
}

describe('compareAuditSinks', () => {
  it('finds nothing when both sinks hold the same events, in any interleaving', () => {
    const events = log();

    expect(compareAuditSinks(events, [...events].reverse())).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('reports an event with different content in the two sinks as an error', () => {
    const events = log();
    const altered = events.map((event) =>
      event.chain === A && event.seq === 2 ? { ...event, hash: 'f'.repeat(64) } : event,
    );

    const result = compareAuditSinks(events, altered);

    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ kind: 'mismatch', chain: A, fromSeq: 2, toSeq: 2 }),
    ]);
  });

  it('reports a gap the writer declared as a warning', () => {
    const events = log().filter((event) => event.chain === A);
    const last = events.at(-1) as AuditEvent;
    const all = [...events, declare(last, 'stream', 2, 3)];
    const stream = all.filter((event) => event.seq !== 2 && event.seq !== 3);

    const result = compareAuditSinks(all, stream);

    expect(result).toEqual({
      ok: true,
      errors: [],
      warnings: [
        expect.objectContaining({
          kind: 'missing',
          sink: 'stream',
          chain: A,
          fromSeq: 2,
          toSeq: 3,
          declared: true,
        }),
      ],
    });
  });

  it('reports an undeclared gap inside a sink’s coverage as an error', () => {
    const events = log();
    const file = events.filter((event) => !(event.chain === A && event.seq === 3));

    const result = compareAuditSinks(file, events);

    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        kind: 'missing',
        sink: 'file',
        chain: A,
        fromSeq: 3,
        toSeq: 3,
        declared: false,
      }),
    ]);
  });

  it('reports a sink that ends early, or lacks a whole chain, as warnings', () => {
    const events = log();
    const lastA = Math.max(...events.filter((event) => event.chain === A).map((event) => event.seq));
    const stream = events.filter((event) => event.chain === A && event.seq < lastA - 1);

    const result = compareAuditSinks(events, stream);

    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ kind: 'behind', sink: 'stream', chain: A, fromSeq: lastA - 1, toSeq: lastA }),
      expect.objectContaining({ kind: 'chain_absent', sink: 'stream', chain: B, fromSeq: 1, toSeq: 3 }),
    ]);
  });
});
