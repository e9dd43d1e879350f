import type { KeyObject } from 'node:crypto';
import { signAuditCheckpoint } from '../../src/domain/audit-checkpoint.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { type AuditChainHead, buildAuditEvent } from '../../src/domain/build-audit-event.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import type { AuditRecord } from '../../src/domain/verify-audit-chain.js';

export type BuiltAuditLog = { events: AuditEvent[]; lines: string[] };

/**
 * A log as several writer processes would leave it in one file: `order` says which chain writes next
 * (index into `chains`, taken modulo). With a signing key, each chain adds an `audit.checkpoint` event
 * after every `checkpointEvery` of its events.
 */
export function buildAuditLines(options: {
  chains: readonly string[];
  order: readonly number[];
  signingKey?: KeyObject;
  checkpointEvery?: number;
  startMs?: number;
}): BuiltAuditLog {
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
  const written = new Map<string, number>();
  options.order.forEach((pick, index) => {
    const chain = options.chains[pick % options.chains.length] as string;
    const event = add(chain, (head, now) =>
      buildAuditEvent(
        head,
        {
          type: 'op.applied',
          actor: 'ou_alice',
          requestId: `req-${index}`,
          details: { n: index, note: 'é ✓' },
        },
        now,
      ),
    );
    const every = options.checkpointEvery ?? 0;
    written.set(chain, (written.get(chain) ?? 0) + 1);
    if (options.signingKey && every > 0 && (written.get(chain) ?? 0) % every === 0) {
      const key = options.signingKey;
      add(chain, (head, now) => {
        const checkpoint = signAuditCheckpoint(
          { chain, seq: event.seq, hash: event.hash, ts: now.toISOString() },
          key,
        );
        return buildAuditEvent(head, { type: 'audit.checkpoint', details: { checkpoint } }, now);
      });
    }
  });
  return { events, lines: events.map((event) => canonicalJson(event)) };
}

/** Lines as `readAuditFile` returns them: 1-based line numbers. */
export function toFileRecords(lines: readonly string[]): AuditRecord[] {
  return lines.map((text, index) => ({ text, line: index + 1 }));
}
