import type { Redis } from 'ioredis';
import type { AuditEvent, AuditHashKey } from '../domain/audit-event.js';
import { type AuditFinding, type AuditRecord, verifyAuditChain } from '../domain/verify-audit-chain.js';
import type { EvidenceSource, VerifiedEvidence } from '../ports/evidence-reader.js';
import { readAuditFile } from '../store/read-audit-file.js';
import { readAuditStream } from '../store/read-audit-stream.js';

/**
 * The audit events readiness may rely on: every sink is read and its hash chains verified, and only
 * events from sinks that verify are trusted (one event per chain and seq, whichever sink held it). A sink
 * whose chain is broken contributes nothing: evidence is only as good as the log that holds it.
 */
export async function readEvidence(input: {
  file: string | null;
  stream: { redis: Redis; key: string } | null;
  /** `audit.hash_key`: an event that is not keyed with it is not evidence. */
  hashKey: AuditHashKey;
}): Promise<VerifiedEvidence> {
  const sources: EvidenceSource[] = [];
  const trusted = new Map<string, AuditEvent>();
  const take = async (sink: 'file' | 'stream', where: string, read: () => Promise<AuditRecord[]>) => {
    let records: AuditRecord[];
    try {
      records = await read();
    } catch (error) {
      sources.push({ sink, where, status: 'unreadable', events: 0, problem: (error as Error).message });
      return;
    }
    const result = verifyAuditChain(records, { sink, hashKey: input.hashKey });
    if (!result.ok) {
      sources.push({ sink, where, status: 'unverified', events: 0, problem: describe(result.firstBad) });
      return;
    }
    for (const event of result.events) trusted.set(`${event.chain}#${event.seq}`, event);
    sources.push({ sink, where, status: 'ok', events: result.events.length, problem: null });
  };
  if (input.file) await take('file', input.file, () => readAuditFile(input.file as string));
  if (input.stream) {
    const { redis, key } = input.stream;
    await take('stream', key, () => readAuditStream(redis, key));
  }
  return { events: [...trusted.values()], sources };
}

function describe(finding: AuditFinding): string {
  const place = [
    finding.line !== undefined ? `line ${finding.line}` : null,
    finding.chain !== undefined ? `chain ${finding.chain}` : null,
    finding.seq !== undefined ? `seq ${finding.seq}` : null,
  ].filter((part) => part !== null);
  return `the audit chain does not verify (${place.join(', ') || 'start'}): ${finding.reason}: ${finding.message}`;
}
