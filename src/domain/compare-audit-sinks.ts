import { AuditSinkGapDetails } from './audit-event.js';
import type { LinkedAuditEvent } from './verify-audit-chain.js';

export type AuditSinkName = 'file' | 'stream';

/**
 * - `mismatch` (error): both sinks hold the seq with different content.
 * - `missing`: one sink lacks seqs that lie inside its own coverage of the chain (it has later events).
 *   A warning when an `audit.sink_gap` event declares the gap (the sink was down, the writer said so),
 *   an error otherwise (deleted, or a writer crashed before it could declare the gap).
 * - `behind` (warning): one sink ends earlier than the other (it was down at the end, or the other
 *   was being written while we read). Only a trusted checkpoint can tell this from truncation.
 * - `chain_absent` (warning): one sink has no event of a chain at all (down for the chain's whole life).
 * - `trimmed` (warning): the stream, trimmed, starts a chain after seq 1; the file holds the rest.
 */
export type AuditSinkDifference = {
  kind: 'mismatch' | 'missing' | 'behind' | 'chain_absent' | 'trimmed';
  /** The sink that lacks the events; for `mismatch`, both hold them. */
  sink?: AuditSinkName;
  chain: string;
  fromSeq: number;
  toSeq: number;
  declared?: boolean;
  message: string;
};

export type AuditSinkComparison = {
  ok: boolean;
  errors: AuditSinkDifference[];
  warnings: AuditSinkDifference[];
};

type Held = Map<string, Map<number, string>>;

/**
 * Compares what the file and the stream hold. Pass events that each passed `verifyAuditChain`: an event's
 * content is compared through its (verified) hash.
 */
export function compareAuditSinks(
  fileEvents: readonly LinkedAuditEvent[],
  streamEvents: readonly LinkedAuditEvent[],
  /** The stream was trimmed: what it lacks before its first event of a chain is in the file only. */
  options: { streamTrimmed?: boolean } = {},
): AuditSinkComparison {
  const held: Record<AuditSinkName, Held> = {
    file: indexBySeq(fileEvents),
    stream: indexBySeq(streamEvents),
  };
  const declared = collectDeclarations([...fileEvents, ...streamEvents]);
  const errors: AuditSinkDifference[] = [];
  const warnings: AuditSinkDifference[] = [];
  const chains = [...new Set([...held.file.keys(), ...held.stream.keys()])].sort();

  for (const chain of chains) {
    const file = held.file.get(chain);
    const stream = held.stream.get(chain);
    if (!file || !stream) {
      const present = (file ?? stream) as Map<number, string>;
      const sink: AuditSinkName = file ? 'stream' : 'file';
      warnings.push({
        kind: 'chain_absent',
        sink,
        chain,
        fromSeq: minKey(present),
        toSeq: maxKey(present),
        message: `the ${sink} has no events of this chain`,
      });
      continue;
    }
    const maxSeq: Record<AuditSinkName, number> = { file: maxKey(file), stream: maxKey(stream) };
    const trimmedBelow = options.streamTrimmed ? minKey(stream) : 1;
    let open: AuditSinkDifference | undefined;
    const flush = () => {
      if (!open) return;
      open.message = describe(open);
      const isError = open.kind === 'mismatch' || (open.kind === 'missing' && !open.declared);
      (isError ? errors : warnings).push(open);
      open = undefined;
    };
    if (trimmedBelow > 1) {
      warnings.push({
        kind: 'trimmed',
        sink: 'stream',
        chain,
        fromSeq: 1,
        toSeq: trimmedBelow - 1,
        message: `the stream was trimmed: seqs 1–${trimmedBelow - 1} are in the file only`,
      });
    }
    for (let seq = trimmedBelow; seq <= Math.max(maxSeq.file, maxSeq.stream); seq++) {
      const inFile = file.get(seq);
      const inStream = stream.get(seq);
      let next: Omit<AuditSinkDifference, 'fromSeq' | 'toSeq' | 'message'> | undefined;
      if (inFile !== undefined && inStream !== undefined) {
        if (inFile !== inStream) next = { kind: 'mismatch', chain };
      } else if (inFile !== undefined || inStream !== undefined) {
        const sink: AuditSinkName = inFile === undefined ? 'file' : 'stream';
        next =
          seq > maxSeq[sink]
            ? { kind: 'behind', sink, chain }
            : { kind: 'missing', sink, chain, declared: isDeclared(declared, chain, sink, seq) };
      }
      if (open && next && sameKind(open, next) && open.toSeq === seq - 1) {
        open.toSeq = seq;
        continue;
      }
      flush();
      if (next) open = { ...next, fromSeq: seq, toSeq: seq, message: '' };
    }
    flush();
  }
  return { ok: errors.length === 0, errors, warnings };
}

function indexBySeq(events: readonly LinkedAuditEvent[]): Held {
  const held: Held = new Map();
  for (const event of events) {
    const bySeq = held.get(event.chain) ?? new Map<number, string>();
    bySeq.set(event.seq, event.hash);
    held.set(event.chain, bySeq);
  }
  return held;
}

/** chain → sink → declared seq ranges. */
function collectDeclarations(
  events: readonly LinkedAuditEvent[],
): Map<string, Map<string, Array<[number, number]>>> {
  const declared = new Map<string, Map<string, Array<[number, number]>>>();
  for (const event of events) {
    if (event.type !== 'audit.sink_gap') continue;
    const details = AuditSinkGapDetails.safeParse(event.details);
    if (!details.success) continue;
    const bySink = declared.get(event.chain) ?? new Map<string, Array<[number, number]>>();
    const ranges = bySink.get(details.data.sink) ?? [];
    for (const range of details.data.missing) {
      if (range.to_seq < event.seq) ranges.push([range.from_seq, range.to_seq]);
    }
    bySink.set(details.data.sink, ranges);
    declared.set(event.chain, bySink);
  }
  return declared;
}

function isDeclared(
  declared: Map<string, Map<string, Array<[number, number]>>>,
  chain: string,
  sink: string,
  seq: number,
): boolean {
  return (declared.get(chain)?.get(sink) ?? []).some(([low, high]) => low <= seq && seq <= high);
}

function minKey(bySeq: Map<number, string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const seq of bySeq.keys()) if (seq < min) min = seq;
  return min;
}

function maxKey(bySeq: Map<number, string>): number {
  let max = 0;
  for (const seq of bySeq.keys()) if (seq > max) max = seq;
  return max;
}

function sameKind(
  a: Omit<AuditSinkDifference, 'fromSeq' | 'toSeq' | 'message'>,
  b: Omit<AuditSinkDifference, 'fromSeq' | 'toSeq' | 'message'>,
): boolean {
  return a.kind === b.kind && a.sink === b.sink && a.declared === b.declared;
}

function describe(difference: AuditSinkDifference): string {
  const range =
    difference.fromSeq === difference.toSeq
      ? `seq ${difference.fromSeq}`
      : `seq ${difference.fromSeq}–${difference.toSeq}`;
  switch (difference.kind) {
    case 'mismatch':
      return `${range} differs between the file and the stream`;
    case 'missing':
      return difference.declared
        ? `${range} not in the ${difference.sink} (declared sink gap: it was down)`
        : `${range} not in the ${difference.sink}, and no audit.sink_gap event declares it`;
    case 'behind':
      return `the ${difference.sink} ends before ${range}`;
    case 'trimmed':
      return `the stream was trimmed: ${range} in the file only`;
    case 'chain_absent':
      return `the ${difference.sink} has no events of this chain`;
  }
}
