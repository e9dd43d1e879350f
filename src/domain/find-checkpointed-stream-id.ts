import type { AuditAnchorRecord } from './audit-anchor-record.js';

/**
 * The newest audit stream entry id up to which every chain's entries are covered by a signed checkpoint
 * that both the stream and the file took: what a trimmer may remove (XTRIM MINID, exclusive of this id's
 * successors) without losing anything `audit verify` could not still check in the file. Null when
 * nothing is safe to trim.
 *
 * A chain still running (not `final`) caps the point at its newest checkpoint event's entry: its later
 * entries are not covered yet. A finished chain wrote nothing after its final checkpoint, so it caps
 * nothing. A chain whose newest checkpoint the file or the stream missed (or without a stream id) makes
 * nothing safe: the two sinks may differ before it.
 */
export function findCheckpointedStreamId(records: readonly AuditAnchorRecord[]): string | null {
  let cap: string | null = null;
  let newest: string | null = null;
  for (const record of records) {
    if (!record.stream_id || !record.sinks.includes('file') || !record.sinks.includes('stream')) return null;
    if (newest === null || compareStreamIds(record.stream_id, newest) > 0) newest = record.stream_id;
    if (!record.final && (cap === null || compareStreamIds(record.stream_id, cap) < 0))
      cap = record.stream_id;
  }
  return cap ?? newest;
}

/** Stream ids are `<ms>-<seq>`, compared as numbers part by part. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
