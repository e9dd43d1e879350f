// Issue 11 item 2: every kind of tampering with a real audit log is caught by the verification the
// runbook tells operators to run (docs/runbooks/audit-verify.md): `larkgate audit verify --config <file>`.
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCheckpoint } from '../../src/domain/audit-checkpoint.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { createAuditFileSink } from '../../src/store/audit-file-sink.js';
import { createAuditStreamSink } from '../../src/store/audit-stream-sink.js';
import { auditAnchorKey, createAuditAnchor } from '../../src/store/create-audit-anchor.js';
import { createAuditLog } from '../../src/store/create-audit-log.js';
import { useRedisServer } from '../helpers/redis.js';
import { TEST_CHECKPOINT_KEYS, TEST_HASH_KEY, writeAuditConfig } from './audit-test-keys.js';
import { runAuditVerify } from './run-audit-verify.js';

const KEY = 'larkgate:audit';
const ANCHOR = auditAnchorKey(KEY);
const server = await useRedisServer();
let dir: string;
let path: string;
let config: string;
let redis: Redis;
/** The log as the writers left it: file lines, stream entries, anchor fields. */
let original: string[];
let events: AuditEvent[];
let streamEntries: Array<[string, string]>;
let anchorFields: Record<string, string>;

/** A busy chain (count checkpoints), a medium one, a short one, and a quiet one (a time checkpoint only). */
const CHAINS = [
  { chain: 'serve-mut-1-a', events: 40 },
  { chain: 'worker-mut-2-b', events: 25 },
  { chain: 'cli-mut-3-c', events: 2 },
  { chain: 'monitor-mut-4-d', events: 1 },
] as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-mutations-'));
  path = join(dir, 'audit.jsonl');
  redis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  let quietCheckpointed: () => void = () => undefined;
  const quiet = new Promise<void>((resolve) => {
    quietCheckpointed = resolve;
  });
  const logs = CHAINS.map(({ chain }) =>
    createAuditLog({
      chain,
      sinks: [createAuditFileSink({ path }), createAuditStreamSink({ redis, key: KEY })],
      clock: () => new Date(),
      onSinkFailure: () => {
        throw new Error('no sink may fail while the log is made');
      },
      hashKey: TEST_HASH_KEY,
      signingKey: TEST_CHECKPOINT_KEYS.privateKey,
      anchor: createAuditAnchor({ redis, key: ANCHOR }),
      checkpointEvery: 7,
      // Only the quiet chain is left alone long enough for its timer to fire.
      checkpointIntervalMs: chain === 'monitor-mut-4-d' ? 20 : 60_000,
      onCheckpoint: (checkpoint) => {
        if (checkpoint.chain === 'monitor-mut-4-d') quietCheckpointed();
      },
    }),
  );
  // Interleaved as concurrent writer processes would be.
  for (let i = 0; i < 40; i++) {
    for (const [index, spec] of CHAINS.entries()) {
      if (i < spec.events) {
        await logs[index]?.append({
          type: 'op.queued',
          actor: 'ou_alice',
          requestId: `r-${i}`,
          details: { i },
        });
      }
    }
  }
  await quiet;
  for (const log of logs) await log.close();

  original = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  events = original.map((line) => JSON.parse(line) as AuditEvent);
  streamEntries = (await redis.xrange(KEY, '-', '+')).map(([id, fields]) => [id, fields[1] as string]);
  anchorFields = await redis.hgetall(ANCHOR);
  config = await writeAuditConfig(join(dir, 'config'), { file: path, stream: KEY, redisUrl: server.url });
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await rm(dir, { recursive: true, force: true });
});

/**
 * What the runbook says to run, read from it (between its `verify` markers), with this test's config in
 * place of the operator's: changing the documented command changes what this suite proves.
 */
async function runbookArgs(): Promise<string[]> {
  const markdown = await readFile(new URL('../../docs/runbooks/audit-verify.md', import.meta.url), 'utf8');
  const block = /<!-- verify:begin -->\s*```sh\n([^\n]+)\n```\s*<!-- verify:end -->/.exec(markdown)?.[1];
  const words = block?.trim().split(/\s+/) ?? [];
  if (words.slice(0, 3).join(' ') !== 'larkgate audit verify')
    throw new Error('the runbook has no verify command');
  return words.slice(3).map((word) => (word.endsWith('larkgate.yaml') ? config : word));
}

function verify() {
  return runbookArgs().then((args) => runAuditVerify(args));
}

async function restore(): Promise<void> {
  await writeFile(path, `${original.join('\n')}\n`);
  await redis.del(KEY, ANCHOR);
  const transaction = redis.multi();
  for (const [id, line] of streamEntries) transaction.xadd(KEY, id, 'e', line);
  transaction.hset(ANCHOR, anchorFields);
  await transaction.exec();
}

type Mutation = { kind: string; name: string; apply: () => Promise<void> };

/** A fixed pseudo-random sequence, so the suite is the same every run. */
function sequence(seed: number): () => number {
  // mulberry32: 32-bit integer arithmetic only, so it never collapses into a short cycle.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function writeLines(lines: readonly string[]): Promise<void> {
  return writeFile(path, `${lines.join('\n')}\n`);
}

function withEdit(index: number, change: (event: Record<string, unknown>) => void): string[] {
  return original.map((line, i) => {
    if (i !== index) return line;
    const event = JSON.parse(line) as Record<string, unknown>;
    change(event);
    return canonicalJson(event);
  });
}

/** Re-hashes an edited event as an attacker without the key would: unkeyed, or with a guessed key. */
function rehash(event: Record<string, unknown>, how: 'sha256' | 'guessed-key'): void {
  const { hash: _old, ...body } = event;
  const bytes = Buffer.concat([Buffer.from([0]), Buffer.from(canonicalJson(body), 'utf8')]);
  event.hash =
    how === 'sha256'
      ? createHash('sha256').update(bytes).digest('hex')
      : createHmac('sha256', 'larkgate-audit-key-guess-0001').update(bytes).digest('hex');
}

/** The next event of `chain`, correctly linked to its last one, re-hashed the way `how` says. */
function forgedAfter(chain: string, how: 'sha256' | 'guessed-key', type = 'op.applied'): string {
  const last = events.findLast((event) => event.chain === chain) as AuditEvent;
  const forged: Record<string, unknown> = {
    ...last,
    seq: last.seq + 1,
    prev: last.hash,
    type,
    actor: 'ou_mallory',
    details: type === 'audit.checkpoint' ? last.details : { forged: true },
  };
  rehash(forged, how);
  return canonicalJson(forged);
}

function mutations(): Mutation[] {
  const next = sequence(11);
  const n = original.length;
  const list: Mutation[] = [];
  const add = (kind: string, name: string, apply: () => Promise<void>) => list.push({ kind, name, apply });
  const chainOf = (i: number) => events[i]?.chain as string;

  // Edit one field of an event, anywhere (checkpoint events included).
  const edits: Array<[string, (e: Record<string, unknown>) => void]> = [
    [
      'actor',
      (e) => {
        e.actor = 'ou_mallory';
      },
    ],
    [
      'details',
      (e) => {
        e.details = { i: 999 };
      },
    ],
    [
      'type',
      (e) => {
        e.type = 'op.failed';
      },
    ],
    [
      'ts',
      (e) => {
        e.ts = '2020-01-01T00:00:00.000Z';
      },
    ],
    [
      'request_id',
      (e) => {
        e.request_id = 'r-forged';
      },
    ],
  ];
  for (let k = 0; k < 25; k++) {
    const at = next() % n;
    const [field, change] = edits[k % edits.length] as (typeof edits)[number];
    add('edit', `edit ${field} of line ${at + 1}`, () => writeLines(withEdit(at, change)));
  }
  // Edit and re-hash: unkeyed SHA-256 (the old scheme) or HMAC with a guessed key.
  for (let k = 0; k < 12; k++) {
    const at = next() % n;
    const how = k % 2 === 0 ? 'sha256' : 'guessed-key';
    add('re-hash', `edit line ${at + 1} and re-hash (${how})`, () =>
      writeLines(
        withEdit(at, (e) => {
          e.actor = 'ou_mallory';
          rehash(e, how);
        }),
      ),
    );
  }
  // Delete one line: the first, the last, each chain's first and last, and anywhere.
  const deletes = new Set<number>([0, n - 1]);
  for (const { chain } of CHAINS) {
    deletes.add(events.findIndex((event) => event.chain === chain));
    deletes.add(events.findLastIndex((event) => event.chain === chain));
  }
  while (deletes.size < 25) deletes.add(next() % n);
  for (const at of deletes) {
    add('delete', `delete line ${at + 1} (${chainOf(at)})`, () =>
      writeLines(original.filter((_, i) => i !== at)),
    );
  }
  // Cut the tail: the last 1, 2, 3, 5, 10 and 50 lines.
  for (const count of [1, 2, 3, 5, 10, 50]) {
    add('truncate', `delete the last ${count} lines`, () => writeLines(original.slice(0, n - count)));
  }
  // Reorder within a chain: swap two events of one chain.
  for (let k = 0; k < 12; k++) {
    const a = next() % n;
    const same = events.flatMap((event, i) => (i !== a && event.chain === chainOf(a) ? [i] : []));
    const b = same[next() % same.length];
    if (b === undefined) continue;
    add('reorder-within', `swap lines ${a + 1} and ${b + 1} (${chainOf(a)})`, () => {
      const swapped = [...original];
      [swapped[a], swapped[b]] = [original[b] as string, original[a] as string];
      return writeLines(swapped);
    });
  }
  // Reorder across chains: swap lines of two chains so that one moves past another event of its own.
  // (Lines of different chains that trade places without passing their own chain's events are not a
  // change: writers append concurrently and the file's order across chains records nothing.)
  let across = 0;
  while (across < 12) {
    const a = next() % n;
    const b = next() % n;
    const [low, high] = a < b ? [a, b] : [b, a];
    if (chainOf(low) === chainOf(high)) continue;
    const between = events.slice(low + 1, high);
    if (!between.some((event) => event.chain === chainOf(low) || event.chain === chainOf(high))) continue;
    across++;
    add(
      'reorder-across',
      `swap lines ${low + 1} (${chainOf(low)}) and ${high + 1} (${chainOf(high)})`,
      () => {
        const swapped = [...original];
        [swapped[low], swapped[high]] = [original[high] as string, original[low] as string];
        return writeLines(swapped);
      },
    );
  }
  // Duplicate a line, right after itself or later.
  for (let k = 0; k < 12; k++) {
    const from = next() % n;
    const to = k % 3 === 0 ? from + 1 : from + 1 + (next() % (n - from));
    add('duplicate', `copy line ${from + 1} to ${to + 1}`, () =>
      writeLines([...original.slice(0, to), original[from] as string, ...original.slice(to)]),
    );
  }
  // Append a forged event correctly chained to each chain's last, re-hashed without the key.
  for (const { chain } of CHAINS) {
    for (const how of ['sha256', 'guessed-key'] as const) {
      add('forge-append', `append a forged ${chain} event (${how})`, () =>
        writeLines([...original, forgedAfter(chain, how)]),
      );
    }
    add('forge-append', `append a forged ${chain} checkpoint event`, () =>
      writeLines([...original, forgedAfter(chain, 'sha256', 'audit.checkpoint')]),
    );
  }
  // Remove a whole chain.
  for (const { chain } of CHAINS) {
    add('remove-chain', `remove chain ${chain}`, () =>
      writeLines(original.filter((_, i) => chainOf(i) !== chain)),
    );
  }
  // The stream too (`--config` verifies both).
  add('stream', 'delete the stream’s last entry', async () => {
    await redis.xdel(KEY, streamEntries.at(-1)?.[0] as string);
  });
  add('stream', 'delete the stream’s last 10 entries', async () => {
    await redis.xdel(KEY, ...streamEntries.slice(-10).map(([id]) => id));
  });
  add('stream', `remove chain ${CHAINS[1].chain} from the stream`, async () => {
    const ids = streamEntries.filter(([, line]) => line.includes(`"${CHAINS[1].chain}"`)).map(([id]) => id);
    await redis.xdel(KEY, ...ids);
  });
  add('stream', 'append a forged event to the stream', async () => {
    await redis.xadd(KEY, '*', 'e', forgedAfter(CHAINS[0].chain, 'guessed-key'));
  });
  // Cut a chain's tail and delete its anchor entry: the later chains' signed checkpoints still name it.
  add('anchor', `cut ${CHAINS[0].chain}'s final checkpoint and delete its anchor entry`, async () => {
    await redis.hdel(ANCHOR, CHAINS[0].chain);
    const last = events.findLastIndex((event) => event.chain === CHAINS[0].chain);
    await writeLines(original.filter((_, i) => i !== last));
  });
  add('anchor', 'delete the whole anchor and cut the last line', async () => {
    await redis.del(ANCHOR);
    await writeLines(original.slice(0, n - 1));
  });
  return list;
}

describe('audit verify --config catches every tampering of a real log', () => {
  it('passes the log as the writers left it, holding every chain to a signed checkpoint', async () => {
    const result = await verify();

    expect(result.out).toMatch(
      /^OK: \d+ events in 4 chains \(file\), \d+ events in 4 chains \(stream\); file and stream agree/,
    );
    expect(result.code).toBe(0);
    for (const { chain } of CHAINS) expect(result.out).toContain(`trusted: chain ${chain} up to seq`);
    // The last checkpoint names every other chain (from the anchor), so none can vanish unnoticed.
    const last = ((events.at(-1) as AuditEvent).details as { checkpoint: AuditCheckpoint }).checkpoint;
    expect(last.heads.map((head) => head.chain).sort()).toEqual(
      CHAINS.map(({ chain }) => chain)
        .filter((chain) => chain !== last.chain)
        .sort(),
    );
  });

  it('detects 100% of ≥ 100 mutations: edit, re-hash, delete, truncate, reorder, duplicate, forge-append, remove a chain', async () => {
    const all = mutations();
    const undetected: string[] = [];
    const byKind: Record<string, number> = {};
    for (const mutation of all) {
      await restore();
      await mutation.apply();
      const result = await verify();
      byKind[mutation.kind] = (byKind[mutation.kind] ?? 0) + 1;
      if (process.env.AUDIT_MUTATIONS_VERBOSE)
        console.log(mutation.kind, mutation.name, result.out.split('\n')[0]);
      if (result.code !== 1 || !result.out.includes('FAIL'))
        undetected.push(`${mutation.name}: ${result.out}`);
    }
    await restore();

    expect(undetected).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(100);
    for (const count of Object.values(byKind)) expect(count).toBeGreaterThanOrEqual(2);
    expect(Object.keys(byKind).sort()).toEqual(
      [
        'anchor',
        'delete',
        'duplicate',
        'edit',
        'forge-append',
        're-hash',
        'remove-chain',
        'reorder-across',
        'reorder-within',
        'stream',
        'truncate',
      ].sort(),
    );
    // And the restored log passes again: the failures were the mutations.
    expect((await verify()).code).toBe(0);
  }, 120_000);
});
