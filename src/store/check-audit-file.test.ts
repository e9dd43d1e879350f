import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../test/audit/audit-test-keys.js';
import { buildAuditLines } from '../../test/audit/build-audit-lines.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { canonicalJson } from '../domain/canonical-json.js';
import {
  type AuditVerifyOptions,
  type LinkedAuditEvent,
  linkAuditChains,
  type TrustedCheckpoint,
  verifyAuditChain,
} from '../domain/verify-audit-chain.js';
import { checkAuditFile } from './check-audit-file.js';
import { readAuditFile } from './read-audit-file.js';

const keys = generateKeyPairSync('ed25519');
const CHAINS = ['serve-f-1-a', 'worker-f-2-b', 'cli-f-3-c'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-check-audit-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function newestCheckpoints(events: readonly AuditEvent[]): TrustedCheckpoint[] {
  const newest = new Map<string, AuditCheckpoint>();
  for (const event of events) {
    if (event.type !== 'audit.checkpoint') continue;
    const { checkpoint } = event.details as { checkpoint: AuditCheckpoint };
    newest.set(checkpoint.chain, checkpoint);
  }
  return [...newest.values()].map((point) => ({ ...point, source: 'the test' }));
}

/** What `larkgate audit verify` prints from a result: the verdict, findings, chains and each event's place. */
function outcome(result: ReturnType<typeof linkAuditChains<LinkedAuditEvent>>) {
  if (!result.ok) return { ok: false, firstBad: result.firstBad, warnings: result.warnings };
  return {
    ok: true,
    chains: result.chains,
    warnings: result.warnings,
    trusted: result.trusted,
    signatures: result.checkpointSignaturesChecked,
    events: result.events.map((event) => `${event.chain}#${event.seq}#${event.hash}#${event.type}`),
  };
}

/** The file verified as before (readline, every record in this thread) and through checkAuditFile. */
async function bothWays(path: string, options: Omit<AuditVerifyOptions, 'hashKey'>, fileOptions: object) {
  const before = verifyAuditChain(await readAuditFile(path), { ...options, hashKey: TEST_HASH_KEY });
  const checked = await checkAuditFile(path, { hashKey: TEST_HASH_KEY, ...fileOptions });
  return { before: outcome(before), now: outcome(linkAuditChains(checked, options)) };
}

describe('checkAuditFile', () => {
  // Text-level damage as well as event-level tampering: what readline sees as lines must be what the
  // runs of lines see, wherever a run ends.
  const damageArb = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({
      kind: fc.constant('edit' as const),
      at: fc.nat(),
      field: fc.constantFrom('actor', 'seq', 'chain', 'prev', 'details', 'kid', 'v', 'extra'),
      value: fc.oneof(fc.jsonValue(), fc.constant('ou_mallory'), fc.integer({ min: 1, max: 9 })),
    }),
    fc.record({ kind: fc.constant('reorderKeys' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('byte' as const),
      at: fc.nat(),
      offset: fc.nat(),
      char: fc.constantFrom('x', 'é', '\u0000', '"', '\r', '\n'),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(
        '',
        '{',
        'null',
        '[]',
        '{"v":1,"chain":"x","seq":2}',
        '  ',
        '\u00e9\u4e2d',
        '\ufeff{}',
      ),
    }),
  );
  const fileArb = fc.record({
    order: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 40 }),
    checkpointEvery: fc.integer({ min: 0, max: 4 }),
    damage: fc.array(damageArb, { maxLength: 3 }),
    ending: fc.constantFrom('\n', '\r\n', '\r'),
    finalBreak: fc.boolean(),
    runBytes: fc.integer({ min: 16, max: 4096 }),
  });

  it('finds what verifyAuditChain over readAuditFile finds, in every log and wherever its runs of lines end', async () => {
    let failing = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (plan) => {
        const { lines, events } = buildAuditLines({
          chains: CHAINS,
          order: plan.order,
          signingKey: keys.privateKey,
          checkpointEvery: plan.checkpointEvery,
          finalCheckpoints: true,
        });
        const damaged = damage(lines, plan.damage);
        const path = join(dir, 'random.jsonl');
        await writeFile(path, damaged.join(plan.ending) + (plan.finalBreak ? plan.ending : ''));
        const options = {
          sink: 'file',
          publicKey: keys.publicKey,
          trustedCheckpoints: newestCheckpoints(events),
        };

        const { before, now } = await bothWays(path, options, { threads: 0, runBytes: plan.runBytes });

        expect(now).toEqual(before);
        if (!before.ok) failing++;
      }),
      { numRuns: 150 },
    );
    // The comparison covered failing logs, not only good ones.
    expect(failing).toBeGreaterThan(30);
  });

  it('gives the same answers from worker threads, for a good log and a tampered one', async () => {
    const { lines, events } = buildAuditLines({
      chains: CHAINS,
      order: Array.from({ length: 3_000 }, (_, i) => (i * 7) % 5),
      signingKey: keys.privateKey,
      checkpointEvery: 50,
      finalCheckpoints: true,
    });
    const options = {
      sink: 'file',
      publicKey: keys.publicKey,
      trustedCheckpoints: newestCheckpoints(events),
    };
    const good = join(dir, 'good.jsonl');
    await writeFile(good, `${lines.join('\n')}\n`);
    const tampered = join(dir, 'tampered.jsonl');
    await writeFile(
      tampered,
      `${damage(lines, [{ kind: 'edit', at: 2_500, field: 'actor', value: 'ou_mallory' }]).join('\n')}\n`,
    );
    const threaded = { threads: 2, runBytes: 64 * 1024 };

    const fine = await bothWays(good, options, threaded);
    const bad = await bothWays(tampered, options, threaded);

    expect(fine.now).toEqual(fine.before);
    expect(fine.now).toMatchObject({ ok: true, chains: CHAINS.map(() => expect.anything()) });
    expect(bad.now).toEqual(bad.before);
    expect(bad.now).toMatchObject({ ok: false, firstBad: { line: 2_501, reason: 'hash_mismatch' } });
  }, 60_000);

  it('rejects a file it cannot read, as readAuditFile does', async () => {
    await expect(
      checkAuditFile(join(dir, 'missing.jsonl'), { hashKey: TEST_HASH_KEY }),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(checkAuditFile(dir, { hashKey: TEST_HASH_KEY })).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

type Damage =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number; to: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'edit'; at: number; field: string; value: unknown }
  | { kind: 'reorderKeys'; at: number }
  | { kind: 'byte'; at: number; offset: number; char: string }
  | { kind: 'insert'; at: number; text: string };

function damage(original: readonly string[], damages: readonly Damage[]): string[] {
  const lines = [...original];
  for (const change of damages) {
    const n = lines.length;
    if (n === 0) break;
    switch (change.kind) {
      case 'delete':
        lines.splice(change.at % n, 1);
        break;
      case 'duplicate':
        lines.splice(change.to % (n + 1), 0, lines[change.at % n] as string);
        break;
      case 'swap': {
        const a = change.a % n;
        const b = change.b % n;
        [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
        break;
      }
      case 'edit': {
        const at = change.at % n;
        try {
          const event = JSON.parse(lines[at] as string) as Record<string, unknown>;
          event[change.field] = change.value;
          lines[at] = canonicalJson(event);
        } catch {
          // Already not JSON: leave it.
        }
        break;
      }
      case 'reorderKeys': {
        // The same event as non-canonical JSON: it still verifies (the event re-serialised).
        const at = change.at % n;
        try {
          const event = JSON.parse(lines[at] as string) as Record<string, unknown>;
          lines[at] = JSON.stringify(Object.fromEntries(Object.entries(event).reverse()));
        } catch {
          // Already not JSON.
        }
        break;
      }
      case 'byte': {
        const at = change.at % n;
        const line = lines[at] as string;
        const offset = change.offset % (line.length + 1);
        lines[at] = line.slice(0, offset) + change.char + line.slice(offset + 1);
        break;
      }
      case 'insert':
        lines.splice(change.at % (n + 1), 0, change.text);
        break;
    }
  }
  return lines;
}
