import type { KeyObject } from 'node:crypto';
import { signAuditCheckpoint } from '../../src/domain/audit-checkpoint.js';
import type { AuditEvent, AuditHashKey } from '../../src/domain/audit-event.js';
import { type AuditChainHead, buildAuditEvent } from '../../src/domain/build-audit-event.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import type { AuditRecord } from '../../src/domain/verify-audit-chain.js';
import { TEST_HASH_KEY } from './audit-test-keys.js';

export type BuiltAuditLog = { events: AuditEvent[]; lines: string[] };

/**
 * A log as several writer processes would leave it in one file: `order` says which chain writes next
 * (index into `chains`, taken modulo). With a signing key, each chain adds an `audit.checkpoint` event
 * after every `checkpointEvery` of its events (and, with `finalCheckpoints`, one at its end).
 */
export function buildAuditLines(options: {
  chains: readonly string[];
  order: readonly number[];
  signingKey?: KeyObject;
  checkpointEvery?: number;
  startMs?: number;
  /** With a signing key: end every chain with a checkpoint event, as a clean shutdown does. */
  finalCheckpoints?: boolean;
  /** The key the hashes are keyed with (the tests' key unless given). */
  hashKey?: AuditHashKey;
}): BuiltAuditLog {
  const hashKey = options.hashKey ?? TEST_HASH_KEY;
  const heads = new Map<string, AuditChainHead>(options.chains.map((chain) => [chain, { chain, seq: 0 }]));
  const events: AuditEvent[] = [];
  let ms = options.startMs ?? Date.UTC(2026, 0, 1);
  const add = (chain: string, build: (head: AuditChainHead, now: Date) => AuditEvent) => {
    const head = heads.get(chain) as AuditChainHead;
    ms += 1_000;
    const event = build(head, new Date(ms));
    heads.set(chain, { chain, seq: event.seq, hash: event.hash });
    events.push(event);
    return event;
  };
  const checkpoint = (chain: string, key: KeyObject) =>
    add(chain, (head, now) => {
      const signed = signAuditCheckpoint(
        {
          chain,
          seq: head.seq,
          hash: 'hash' in head ? head.hash : '0'.repeat(64),
          ts: now.toISOString(),
          heads: [],
        },
        key,
      );
      return buildAuditEvent(
        head,
        { type: 'audit.checkpoint', details: { checkpoint: signed } },
        now,
        hashKey,
      );
    });
  const written = new Map<string, number>();
  options.order.forEach((pick, index) => {
    const chain = options.chains[pick % options.chains.length] as string;
    add(chain, (head, now) =>
      buildAuditEvent(
        head,
        {
          type: 'op.applied',
          actor: 'ou_alice',
          requestId: `req-${index}`,
          details: { n: index, note: 'é ✓' },
        },
        now,
        hashKey,
      ),
    );
    const every = options.checkpointEvery ?? 0;
    written.set(chain, (written.get(chain) ?? 0) + 1);
    if (options.signingKey && every > 0 && (written.get(chain) ?? 0) % every === 0) {
      checkpoint(chain, options.signingKey);
    }
  });
  if (options.signingKey && options.finalCheckpoints) {
    for (const chain of options.chains) {
      const head = heads.get(chain);
      if (head && head.seq > 0 && events.findLast((e) => e.chain === chain)?.type !== 'audit.checkpoint') {
        checkpoint(chain, options.signingKey);
      }
    }
  }
  return { events, lines: events.map((event) => canonicalJson(event)) };
}

/** Lines as `readAuditFile` returns them: 1-based line numbers. */
export function toFileRecords(lines: readonly string[]): AuditRecord[] {
  return lines.map((text, index) => ({ text, line: index + 1 }));
}

/** Each chain's newest signed checkpoint in `events`, as the anchor outside the log would hold it. */
export function newestCheckpoints(
  events: readonly AuditEvent[],
  source = 'the test anchor',
): Array<{ chain: string; seq: number; hash: string; source: string }> {
  const newest = new Map<string, { chain: string; seq: number; hash: string; source: string }>();
  for (const event of events) {
    if (event.type !== 'audit.checkpoint') continue;
    const { checkpoint } = event.details as { checkpoint: { seq: number; hash: string } };
    newest.set(event.chain, { chain: event.chain, seq: checkpoint.seq, hash: checkpoint.hash, source });
  }
  return [...newest.values()];
}
