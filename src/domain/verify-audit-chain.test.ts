import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import { buildAuditLines, newestCheckpoints, toFileRecords } from '../../test/audit/build-audit-lines.js';
import { signAuditCheckpoint } from './audit-checkpoint.js';
import { type AuditEvent, buildAuditHashKey, GENESIS_HASH } from './audit-event.js';
import { buildAuditEvent } from './build-audit-event.js';
import { canonicalJson } from './canonical-json.js';
import {
  type AuditFinding,
  type AuditRecord,
  type AuditVerifyOptions,
  verifyAuditChain as verifyWithKey,
} from './verify-audit-chain.js';

/** The verifier with the tests' hash key unless another is given. */
function verifyAuditChain(records: readonly AuditRecord[], options: Partial<AuditVerifyOptions> = {}) {
  return verifyWithKey(records, { hashKey: TEST_HASH_KEY, ...options });
}

const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const A = 'serve-host1-100-a';
const B = 'worker-host2-200-b';

/**
 * Two writer processes interleaved in one file, A A B A B B A B A A:
 * A's seq 1–6 at indexes 0, 1, 3, 6, 8, 9 and B's seq 1–4 at indexes 2, 4, 5, 7.
 */
function twoChains() {
  return buildAuditLines({ chains: [A, B], order: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0] });
}

function firstBad(lines: readonly string[], options: Partial<AuditVerifyOptions> = {}): AuditFinding {
  const result = verifyAuditChain(toFileRecords(lines), options);
  if (result.ok) throw new Error('expected the log to fail verification');
  return result.firstBad;
}

function edit(line: string, change: (event: Record<string, unknown>) => void): string {
  const event = JSON.parse(line) as Record<string, unknown>;
  change(event);
  return canonicalJson(event);
}

describe('verifyAuditChain on good logs', () => {
  it('verifies one chain and summarises it', () => {
    const { lines, events } = buildAuditLines({ chains: [A], order: [0, 0, 0, 0] });

    const result = verifyAuditChain(toFileRecords(lines));

    expect(result).toMatchObject({
      ok: true,
      warnings: [],
      chains: [{ chain: A, events: 4, firstSeq: 1, lastSeq: 4, lastHash: events[3]?.hash, checkpoints: 0 }],
    });
  });

  it('verifies an event stored as other valid JSON (keys re-ordered, spaces) by its content', () => {
    const { lines } = buildAuditLines({ chains: [A], order: [0, 0] });
    const event = JSON.parse(lines[1] as string) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(event).reverse()), null, 1).replace(
      /\n/g,
      '',
    );

    const result = verifyAuditChain(toFileRecords([lines[0] as string, reordered]));

    expect(result.ok).toBe(true);
  });

  it('refuses a line whose hash member was copied into its details to fool a check on the text', () => {
    const { lines } = buildAuditLines({ chains: [A], order: [0, 0] });
    const line = lines[1] as string;
    const event = JSON.parse(line) as { hash: string; details: Record<string, unknown> };
    const forged = edit(line, (e) => {
      (e.details as Record<string, unknown>).hash = event.hash;
    });

    expect(firstBad([lines[0] as string, forged])).toMatchObject({ reason: 'hash_mismatch', seq: 2 });
  });

  it('verifies two processes’ chains interleaved in one file', () => {
    const { lines } = twoChains();

    const result = verifyAuditChain(toFileRecords(lines));

    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.events).toHaveLength(10);
      expect(result.chains.map((chain) => [chain.chain, chain.events, chain.lastSeq])).toEqual([
        [A, 6, 6],
        [B, 4, 4],
      ]);
    }
  });

  it('checks the signatures of checkpoint events when given the public key', () => {
    const { lines } = buildAuditLines({
      chains: [A],
      order: [0, 0, 0, 0, 0],
      signingKey: keys.privateKey,
      checkpointEvery: 2,
    });

    const checked = verifyAuditChain(toFileRecords(lines), { publicKey: keys.publicKey });
    const unchecked = verifyAuditChain(toFileRecords(lines));

    expect(checked).toMatchObject({
      ok: true,
      checkpointSignaturesChecked: true,
      chains: [{ checkpoints: 2 }],
    });
    expect(unchecked).toMatchObject({ ok: true, checkpointSignaturesChecked: false });
  });

  it('accepts an empty log', () => {
    expect(verifyAuditChain([])).toMatchObject({ ok: true, events: [], chains: [] });
  });
});

describe('verifyAuditChain names the first bad event', () => {
  const setDetails = (e: Record<string, unknown>) => {
    e.details = { n: 99 };
  };
  const setActor = (e: Record<string, unknown>) => {
    e.actor = 'ou_mallory';
  };
  const setHash = (e: Record<string, unknown>) => {
    e.hash = 'f'.repeat(64);
  };
  const addField = (e: Record<string, unknown>) => {
    e.extra = 1;
  };
  it.each([
    ['an edited detail', (line: string) => edit(line, setDetails), 'hash_mismatch', true],
    ['an edited actor', (line: string) => edit(line, setActor), 'hash_mismatch', true],
    ['an edited hash', (line: string) => edit(line, setHash), 'hash_mismatch', true],
    ['an unknown field', (line: string) => edit(line, addField), 'malformed', true],
    ['a line cut short', (line: string) => line.slice(0, 40), 'malformed', false],
    ['an empty line', () => '', 'malformed', false],
  ])('%s is reported on its own line', (_name, mutate, reason, namesEvent) => {
    const { lines } = twoChains();
    // Index 3 is A's seq 3.
    const tampered = lines.map((line, i) => (i === 3 ? mutate(line) : line));

    const bad = firstBad(tampered);

    expect(bad).toMatchObject({ line: 4, reason });
    if (namesEvent) expect(bad).toMatchObject({ chain: A, seq: 3 });
  });

  it('reports a deleted event at the next event of its chain, naming the missing seq', () => {
    const { lines, events } = twoChains();
    // Index 3 is A's seq 3; A's next event (seq 4, index 6) moves up to line 6.
    expect(events[3]).toMatchObject({ chain: A, seq: 3 });

    const bad = firstBad(lines.filter((_, i) => i !== 3));

    expect(bad).toMatchObject({ chain: A, seq: 3, line: 6, reason: 'missing' });
  });

  it('reports two events of one chain swapped at the earlier place', () => {
    const { lines, events } = twoChains();
    const [first, second] = [0, 3];
    expect([events[first]?.chain, events[second]?.chain]).toEqual([A, A]);
    const swapped = [...lines];
    swapped[first] = lines[second] as string;
    swapped[second] = lines[first] as string;

    expect(firstBad(swapped)).toMatchObject({ chain: A, seq: 1, line: 1, reason: 'out_of_order' });
  });

  it('accepts any interleaving of chains but not a change of order within one', () => {
    const { lines, events } = twoChains();
    const aFirst = [
      ...lines.filter((_, i) => events[i]?.chain === A),
      ...lines.filter((_, i) => events[i]?.chain === B),
    ];
    // B's seq 1 (index 2) moved to the end, after B's seq 2–4.
    const moved = [...lines.slice(0, 2), ...lines.slice(3), lines[2] as string];

    expect(verifyAuditChain(toFileRecords(aFirst)).ok).toBe(true);
    // B's first record is now its seq 2, on line 4.
    expect(firstBad(moved)).toMatchObject({ chain: B, seq: 1, line: 4, reason: 'out_of_order' });
  });

  it('reports a replayed copy of an event at the copy', () => {
    const { lines, events } = twoChains();
    const copy = [...lines, lines[1] as string];

    expect(firstBad(copy)).toMatchObject({
      chain: events[1]?.chain,
      seq: events[1]?.seq,
      line: 11,
      reason: 'duplicate',
    });
  });

  it('reports a forged event with a valid hash inserted before the genuine one as the fork', () => {
    const { lines, events } = twoChains();
    const genuine = events[3] as AuditEvent; // A seq 3
    const before = events[1] as AuditEvent; // A seq 2
    const forged = buildAuditEvent(
      { chain: A, seq: 2, hash: before.hash },
      { type: 'op.applied', actor: 'ou_mallory', details: { forged: true } },
      new Date(genuine.ts),
      TEST_HASH_KEY,
    );
    const tampered = [...lines.slice(0, 3), canonicalJson(forged), ...lines.slice(3)];

    expect(firstBad(tampered)).toMatchObject({ chain: A, seq: 3, line: 4, reason: 'fork' });
  });

  it('catches a cut tail only against the newest checkpoint held outside the log', () => {
    const { lines, events } = buildAuditLines({
      chains: [A, B],
      order: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0],
      signingKey: keys.privateKey,
      finalCheckpoints: true,
    });
    // Drops A's seq 6 and final checkpoint (seq 7), and B's final checkpoint (seq 5).
    const truncated = lines.slice(0, 9);

    expect(verifyAuditChain(toFileRecords(truncated)).ok).toBe(true);
    const bad = firstBad(truncated, { trustedCheckpoints: newestCheckpoints(events) });

    expect(bad).toMatchObject({ chain: A, seq: 6, reason: 'truncated' });
    expect(bad.message).toContain('before its signed checkpoint of seq 6');
    expect(bad.line).toBeUndefined();
  });

  it('catches the cut of a chain’s last event alone, and a removed chain', () => {
    const { lines, events } = buildAuditLines({
      chains: [A, B],
      order: [0, 1, 0],
      signingKey: keys.privateKey,
      finalCheckpoints: true,
    });
    const trustedCheckpoints = newestCheckpoints(events);

    expect(firstBad(lines.slice(0, -1), { trustedCheckpoints })).toMatchObject({
      chain: B,
      seq: 2,
      reason: 'truncated',
    });
    const withoutB = lines.filter((_, i) => events[i]?.chain !== B);
    expect(firstBad(withoutB, { trustedCheckpoints })).toMatchObject({
      chain: B,
      seq: 1,
      reason: 'chain_missing',
    });
  });

  it('holds other chains to the heads a verified checkpoint names', () => {
    const { lines, events } = buildAuditLines({ chains: [A], order: [0, 0] });
    const head = events[1] as AuditEvent;
    const checkpoint = signAuditCheckpoint(
      {
        chain: A,
        seq: 2,
        hash: head.hash,
        ts: head.ts,
        heads: [{ chain: B, seq: 4, hash: 'ab'.repeat(32), sinks: ['file'] }],
      },
      keys.privateKey,
    );
    const last = buildAuditEvent(
      head,
      { type: 'audit.checkpoint', details: { checkpoint } },
      new Date(head.ts),
      TEST_HASH_KEY,
    );
    const withHead = [...lines, canonicalJson(last)];

    expect(verifyAuditChain(toFileRecords(withHead)).ok).toBe(true);
    expect(firstBad(withHead, { publicKey: keys.publicKey, sink: 'file' })).toMatchObject({
      chain: B,
      reason: 'chain_missing',
    });
    // The head names the file only: the stream is not held to it.
    expect(verifyAuditChain(toFileRecords(withHead), { publicKey: keys.publicKey, sink: 'stream' }).ok).toBe(
      true,
    );
  });

  it('catches a rewritten history whose hashes were all recomputed, against a trusted checkpoint', () => {
    const signed = { signingKey: keys.privateKey, finalCheckpoints: true };
    const { events } = buildAuditLines({ chains: [A], order: [0, 0, 0], ...signed });
    const rewritten = buildAuditLines({
      chains: [A],
      order: [0, 0, 0],
      startMs: Date.UTC(2027, 0, 1),
      ...signed,
    });

    const bad = firstBad(rewritten.lines, { trustedCheckpoints: newestCheckpoints(events) });

    expect(bad).toMatchObject({ chain: A, seq: 4, reason: 'checkpoint_mismatch' });
  });

  it('refuses events hashed with another key, and unkeyed v1 events', () => {
    const { lines } = buildAuditLines({ chains: [A], order: [0, 0] });
    const v1 = edit(lines[0] as string, (event) => {
      event.v = 1;
      delete event.kid;
    });

    expect(firstBad(lines, { hashKey: buildAuditHashKey('someone-elses-audit-key-01') })).toMatchObject({
      line: 1,
      reason: 'hash_mismatch',
    });
    expect(firstBad([v1])).toMatchObject({ line: 1, reason: 'malformed' });
    expect(firstBad([v1]).message).toMatch(/unkeyed v1 event/);
  });

  it('rejects a checkpoint event whose signature is forged', () => {
    const { lines } = buildAuditLines({
      chains: [A],
      order: [0, 0, 0],
      signingKey: otherKeys.privateKey,
      checkpointEvery: 2,
    });

    expect(verifyAuditChain(toFileRecords(lines)).ok).toBe(true);
    expect(firstBad(lines, { publicKey: keys.publicKey })).toMatchObject({
      seq: 3,
      line: 3,
      reason: 'bad_checkpoint',
    });
  });

  it('rejects a checkpoint event that describes another event', () => {
    const { events } = buildAuditLines({ chains: [A], order: [0, 0] });
    const head = events[1] as AuditEvent;
    const checkpoint = signAuditCheckpoint(
      { chain: A, seq: 1, hash: events[0]?.hash as string, ts: head.ts, heads: [] },
      keys.privateKey,
    );
    const event = buildAuditEvent(
      { chain: A, seq: 2, hash: head.hash },
      { type: 'audit.checkpoint', details: { checkpoint } },
      new Date(head.ts),
      TEST_HASH_KEY,
    );
    const lines = [...events, event].map((e) => canonicalJson(e));

    expect(firstBad(lines, { publicKey: keys.publicKey })).toMatchObject({
      seq: 3,
      reason: 'bad_checkpoint',
    });
  });

  it('requires prev = zeros on the first event', () => {
    const genuine = buildAuditEvent(
      { chain: A, seq: 0 },
      { type: 'service.start' },
      new Date(0),
      TEST_HASH_KEY,
    );
    // A correctly hashed first event that claims to follow something.
    const orphan = buildAuditEvent(
      { chain: A, seq: 0, hash: 'a'.repeat(64) },
      { type: 'service.start' },
      new Date(0),
      TEST_HASH_KEY,
    );

    expect(genuine.prev).toBe(GENESIS_HASH);
    expect(orphan.seq).toBe(1);
    expect(firstBad([canonicalJson(orphan)])).toMatchObject({
      chain: A,
      seq: 1,
      line: 1,
      reason: 'prev_mismatch',
    });
  });
});

describe('verifyAuditChain and sink gaps', () => {
  function withStreamGap() {
    const { events } = buildAuditLines({ chains: [A], order: [0, 0, 0, 0, 0] });
    // The stream missed seq 2–3, took seq 4 and 5, then the writer declared the gap as seq 6.
    const last = events[4] as AuditEvent;
    const declaration = buildAuditEvent(
      { chain: A, seq: 5, hash: last.hash },
      { type: 'audit.sink_gap', details: { sink: 'stream', missing: [{ from_seq: 2, to_seq: 3 }] } },
      new Date(last.ts),
      TEST_HASH_KEY,
    );
    const all = [...events, declaration];
    const stream = all.filter((event) => event.seq !== 2 && event.seq !== 3);
    return { all, stream: stream.map((event) => canonicalJson(event)) };
  }

  it('reports a declared gap in that sink as a warning, not an error', () => {
    const { stream } = withStreamGap();

    const result = verifyAuditChain(toFileRecords(stream), { sink: 'stream' });

    expect(result).toMatchObject({
      ok: true,
      warnings: [{ chain: A, seq: 2, reason: 'declared_gap', line: 2 }],
      chains: [{ chain: A, events: 4, firstSeq: 1, lastSeq: 6 }],
    });
  });

  it('does not accept a declaration made for the other sink', () => {
    const { stream } = withStreamGap();

    expect(firstBad(stream, { sink: 'file' })).toMatchObject({ chain: A, seq: 2, reason: 'missing' });
    expect(firstBad(stream)).toMatchObject({ chain: A, seq: 2, reason: 'missing' });
  });
});

describe('verifyAuditChain under random tampering', () => {
  type Expected = { line?: number; chain?: string; seq?: number; reasons: readonly AuditFinding['reason'][] };
  const fields = [
    'v',
    'chain',
    'seq',
    'ts',
    'type',
    'actor',
    'request_id',
    'details',
    'prev',
    'hash',
  ] as const;
  const editArb = fc.record({
    field: fc.constantFrom(...fields, 'extra'),
    value: fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant('2026-01-01T00:00:00.000Z'),
      fc.integer({ min: 1, max: 40 }),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.constantFrom(A, B, 'op.failed'),
    ),
  });
  type Edit = { field: string; value: unknown };

  function applyEdit(line: string, change: Edit): string | undefined {
    const event = JSON.parse(line) as Record<string, unknown>;
    const before = canonicalJson(event);
    if (change.value === undefined) delete event[change.field];
    else event[change.field] = change.value;
    const after = canonicalJson(event);
    return after === before ? undefined : after;
  }

  const logArb = fc.record({
    chainCount: fc.integer({ min: 1, max: 3 }),
    order: fc.array(fc.nat({ max: 5 }), { minLength: 2, maxLength: 30 }),
    checkpointEvery: fc.integer({ min: 0, max: 5 }),
  });

  const mutationArb = fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), change: editArb }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant('insertEdited' as const), from: fc.nat(), to: fc.nat(), change: editArb }),
    fc.record({ kind: fc.constant('insertForged' as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('truncate' as const), count: fc.nat() }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat() }),
  );
  type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

  /** Applies one mutation and says, independently of the verifier, where it must be caught. */
  function mutate(
    lines: readonly string[],
    events: readonly AuditEvent[],
    mutation: Mutation,
  ): { lines: string[]; expected: Expected } | undefined {
    const n = lines.length;
    const laterSameChain = (index: number) =>
      events.findIndex((event, i) => i > index && event.chain === events[index]?.chain);
    switch (mutation.kind) {
      case 'edit': {
        const at = mutation.at % n;
        const edited = applyEdit(lines[at] as string, mutation.change);
        if (edited === undefined) return undefined;
        const keepsIds = mutation.change.field !== 'chain' && mutation.change.field !== 'seq';
        return {
          lines: lines.map((line, i) => (i === at ? edited : line)),
          expected: {
            line: at + 1,
            ...(keepsIds ? { chain: events[at]?.chain, seq: events[at]?.seq } : {}),
            reasons: ['hash_mismatch', 'malformed'],
          },
        };
      }
      case 'delete': {
        const at = mutation.at % n;
        const next = laterSameChain(at);
        const { chain, seq } = events[at] as AuditEvent;
        return {
          lines: lines.filter((_, i) => i !== at),
          expected:
            next === -1
              ? { chain, seq, reasons: ['truncated', 'chain_missing'] }
              : { line: next, chain, seq, reasons: ['missing'] },
        };
      }
      case 'swap': {
        const a = mutation.a % n;
        const sameChain = events.flatMap((event, i) =>
          i !== a && event.chain === events[a]?.chain ? [i] : [],
        );
        if (sameChain.length === 0) return undefined;
        const b = sameChain[mutation.b % sameChain.length] as number;
        const [low, high] = a < b ? [a, b] : [b, a];
        const swapped = [...lines];
        swapped[low] = lines[high] as string;
        swapped[high] = lines[low] as string;
        return {
          lines: swapped,
          expected: {
            line: low + 1,
            chain: events[low]?.chain,
            seq: events[low]?.seq,
            reasons: ['out_of_order'],
          },
        };
      }
      case 'insertEdited': {
        const from = mutation.from % n;
        const to = mutation.to % (n + 1);
        const edited = applyEdit(lines[from] as string, mutation.change);
        if (edited === undefined) return undefined;
        return {
          lines: [...lines.slice(0, to), edited, ...lines.slice(to)],
          expected: { line: to + 1, reasons: ['hash_mismatch', 'malformed'] },
        };
      }
      case 'insertForged': {
        // An attacker who recomputes the hash: a second event for an existing seq, linked to the real prev.
        const at = mutation.at % n;
        const target = events[at] as AuditEvent;
        if (laterSameChain(at) === -1) return undefined; // forging past the end is undetectable without a checkpoint
        const previous = events.findLast((event, i) => i < at && event.chain === target.chain);
        const forged = buildAuditEvent(
          previous
            ? { chain: target.chain, seq: previous.seq, hash: previous.hash }
            : { chain: target.chain, seq: 0 },
          { type: 'op.applied', actor: 'ou_mallory', details: { forged: true } },
          new Date(target.ts),
          TEST_HASH_KEY,
        );
        const to = mutation.to % (n + 1);
        return {
          lines: [...lines.slice(0, to), canonicalJson(forged), ...lines.slice(to)],
          expected: { line: to + 1, chain: target.chain, reasons: ['fork', 'out_of_order'] },
        };
      }
      case 'duplicate': {
        const from = mutation.from % n;
        const to = from + 1 + (mutation.to % (n - from));
        return {
          lines: [...lines.slice(0, to), lines[from] as string, ...lines.slice(to)],
          expected: {
            line: to + 1,
            chain: events[from]?.chain,
            seq: events[from]?.seq,
            reasons: ['duplicate'],
          },
        };
      }
      case 'truncate': {
        const keep = mutation.count % n;
        const removed = events.slice(keep);
        const firstChain = removed.map((event) => event.chain).sort()[0] as string;
        const seq = Math.min(
          ...removed.filter((event) => event.chain === firstChain).map((event) => event.seq),
        );
        return {
          lines: lines.slice(0, keep),
          expected: { chain: firstChain, seq, reasons: ['truncated', 'chain_missing'] },
        };
      }
      case 'cut': {
        const at = mutation.at % n;
        const line = lines[at] as string;
        return {
          lines: lines.map((text, i) => (i === at ? text.slice(0, mutation.keep % line.length) : text)),
          expected: { line: at + 1, reasons: ['malformed'] },
        };
      }
    }
  }

  it('detects every mutation and names the first bad event (≥ 100 mutations)', () => {
    const tried: Record<string, number> = {};
    fc.assert(
      fc.property(logArb, mutationArb, (plan, mutation) => {
        const chains = [A, B, 'cli-host3-300-c'].slice(0, plan.chainCount);
        const { lines, events } = buildAuditLines({
          chains,
          order: plan.order,
          signingKey: keys.privateKey,
          checkpointEvery: plan.checkpointEvery,
          finalCheckpoints: true,
        });
        const mutated = mutate(lines, events, mutation);
        fc.pre(mutated !== undefined);
        if (!mutated) return;
        tried[mutation.kind] = (tried[mutation.kind] ?? 0) + 1;

        const result = verifyAuditChain(toFileRecords(mutated.lines), {
          publicKey: keys.publicKey,
          trustedCheckpoints: newestCheckpoints(events),
        });

        expect(result.ok).toBe(false);
        if (result.ok) return;
        const { line, chain, seq, reasons } = mutated.expected;
        expect(reasons).toContain(result.firstBad.reason);
        expect(result.firstBad.line).toBe(line);
        if (chain !== undefined) expect(result.firstBad.chain).toBe(chain);
        if (seq !== undefined) expect(result.firstBad.seq).toBe(seq);
      }),
      { numRuns: 400 },
    );
    const total = Object.values(tried).reduce((sum, count) => sum + count, 0);
    expect(total).toBeGreaterThanOrEqual(100);
    expect(Object.keys(tried).sort()).toEqual(
      ['cut', 'delete', 'duplicate', 'edit', 'insertEdited', 'insertForged', 'swap', 'truncate'].sort(),
    );
  });
});
