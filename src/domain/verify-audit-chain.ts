import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuditCheckpoint, type UnsignedAuditCheckpoint, verifyCheckpoint } from './audit-checkpoint.js';
import { AuditEvent, AuditSinkGapDetails, GENESIS_HASH, hashAuditEvent } from './audit-event.js';

/** One stored line or stream entry, in the sink's own order. `line` (file) or `id` (stream) locates it. */
export type AuditRecord = { text: string; line?: number; id?: string };

/** Errors fail verification; `declared_gap` and `checkpoint_unverifiable` are only warnings. */
export type AuditFindingReason =
  | 'malformed'
  | 'hash_mismatch'
  | 'prev_mismatch'
  | 'missing'
  | 'out_of_order'
  | 'duplicate'
  | 'fork'
  | 'bad_checkpoint'
  | 'truncated'
  | 'checkpoint_mismatch'
  | 'declared_gap'
  | 'checkpoint_unverifiable';

export type AuditFinding = {
  reason: AuditFindingReason;
  message: string;
  chain?: string;
  seq?: number;
  line?: number;
  id?: string;
};

export type AuditChainSummary = {
  chain: string;
  events: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  checkpoints: number;
};

export type AuditVerifyOptions = {
  /** The sink these records come from (`file`, `stream`): its gaps declared by `audit.sink_gap` events are warnings. */
  sink?: string;
  /** Checks the signature of every `audit.checkpoint` event when given. */
  publicKey?: KeyObject | string;
  /**
   * Checkpoints held outside the log (signatures already checked by the caller): the chain must reach
   * each one with the same hash, which is what catches a truncated tail.
   */
  trustedCheckpoints?: readonly UnsignedAuditCheckpoint[];
  /**
   * The sink was trimmed (the audit stream, `<stream>:trimmed` set): a chain may start at any seq, with
   * the events before it held by the file. Off by default, so an untrimmed sink must start at seq 1.
   */
  startsMidChain?: boolean;
};

export type AuditVerifyResult =
  | {
      ok: true;
      events: AuditEvent[];
      chains: AuditChainSummary[];
      warnings: AuditFinding[];
      /** False when checkpoint events were present but no public key was given to check them. */
      checkpointSignaturesChecked: boolean;
    }
  | { ok: false; firstBad: AuditFinding; warnings: AuditFinding[] };

const CheckpointDetails = z.object({ checkpoint: AuditCheckpoint });
/** What JSON.parse returned is JSON already: checking `details` value by value again would only cost time. */
const StoredAuditEvent = AuditEvent.extend({ details: z.record(z.string(), z.unknown()) });

type Parsed = { event: AuditEvent; error?: undefined } | { event?: undefined; error: AuditFinding };

type ChainState = {
  chain: string;
  expected: number;
  prevHash: string;
  firstSeq: number;
  count: number;
  checkpoints: number;
  broken: boolean;
};

type Located = { position: number; finding: AuditFinding };

/**
 * Verifies one sink's records. Chains may interleave in any way (several writer processes share a file),
 * but each chain's own events must appear in seq order, as its single writer wrote them.
 *
 * The first bad event is the earliest record, in the sink's order, at which a chain stops verifying:
 * a record that is not a well-formed event or does not match its hash; an event whose `prev` does not
 * link; for a missing event, the record where it should have been (the next one of its chain); for a
 * duplicate, the later copy; for two different events with one seq (a fork), the one the next event
 * does not link to (the later one when that cannot be told). Problems only visible at the end (a
 * chain shorter than a trusted checkpoint) come after every record, ordered by chain id.
 */
export function verifyAuditChain(
  records: readonly AuditRecord[],
  options: AuditVerifyOptions = {},
): AuditVerifyResult {
  const parsed = records.map((record) => parseRecord(record));
  const declared = collectDeclaredGaps(parsed, options.sink);
  const trusted = indexTrustedCheckpoints(options.trustedCheckpoints ?? []);
  const checkpointHashesSeen = new Set<UnsignedAuditCheckpoint>();
  const chains = new Map<string, ChainState>();
  const errors: Located[] = [];
  const warnings: AuditFinding[] = [];
  let checkpointEvents = 0;

  parsed.forEach((item, position) => {
    if (item.error) errors.push({ position, finding: item.error });
  });

  function fail(state: ChainState, position: number, finding: Omit<AuditFinding, 'line' | 'id'>): void {
    state.broken = true;
    errors.push({ position, finding: locate(finding, records[position]) });
  }

  for (let position = 0; position < parsed.length; position++) {
    const event = parsed[position]?.event;
    if (!event) continue;
    const state = chainState(chains, event.chain);
    if (state.broken) continue;
    const base = { chain: event.chain };

    if (options.startsMidChain && state.count === 0 && event.seq > state.expected) {
      // A trimmed stream: the chain's earlier events are in the file only. Its first event here is
      // linked to them there (compareAuditSinks checks it holds the file's event for that seq).
      state.expected = event.seq;
      state.prevHash = event.prev;
    }
    if (event.seq > state.expected) {
      const missingTo = event.seq - 1;
      const later = findEvent(parsed, position + 1, parsed.length, event.chain, state.expected, missingTo);
      if (later !== undefined) {
        fail(state, position, {
          ...base,
          seq: state.expected,
          reason: 'out_of_order',
          message: `seq ${state.expected} is expected here but appears later (${where(records[later])}); seq ${event.seq} came first`,
        });
        continue;
      }
      const range = describeRange(state.expected, missingTo);
      if (!isDeclared(declared.get(event.chain), state.expected, missingTo)) {
        fail(state, position, {
          ...base,
          seq: state.expected,
          reason: 'missing',
          message: `${range} missing before seq ${event.seq} (deleted, or a sink gap no audit.sink_gap event declares)`,
        });
        continue;
      }
      warnings.push(
        locate(
          {
            ...base,
            seq: state.expected,
            reason: 'declared_gap',
            message: `${range} not in this sink (declared by an audit.sink_gap event); the link into seq ${event.seq} is checked only against the other sink`,
          },
          records[position],
        ),
      );
    } else if (event.seq < state.expected) {
      const earlier = findEvent(parsed, 0, position, event.chain, event.seq, event.seq, true);
      const earlierEvent = earlier === undefined ? undefined : parsed[earlier]?.event;
      if (earlier === undefined || !earlierEvent) {
        fail(state, position, {
          ...base,
          seq: event.seq,
          reason: 'out_of_order',
          message: `seq ${event.seq} appears after seq ${state.expected - 1}`,
        });
      } else if (earlierEvent.hash === event.hash) {
        fail(state, position, {
          ...base,
          seq: event.seq,
          reason: 'duplicate',
          message: `seq ${event.seq} appears twice (first at ${where(records[earlier])})`,
        });
      } else {
        const badPosition = whichForkIsBad(parsed, event, earlierEvent, earlier, position);
        const other = badPosition === position ? earlier : position;
        fail(state, badPosition, {
          ...base,
          seq: event.seq,
          reason: 'fork',
          message: `two different events claim seq ${event.seq} (the other is at ${where(records[other])}); the chain continues from the other one`,
        });
      }
      continue;
    } else if (event.prev !== state.prevHash) {
      fail(state, position, {
        ...base,
        seq: event.seq,
        reason: 'prev_mismatch',
        message:
          event.seq === 1
            ? 'the first event of a chain must have prev = 64 zeros'
            : `prev does not match the hash of seq ${event.seq - 1}`,
      });
      continue;
    }

    // Accepted: the event is in place and linked (or follows a declared gap).
    if (state.count === 0) state.firstSeq = event.seq;
    state.expected = event.seq + 1;
    state.prevHash = event.hash;
    state.count++;

    for (const checkpoint of trusted.get(event.chain)?.get(event.seq) ?? []) {
      checkpointHashesSeen.add(checkpoint);
      if (checkpoint.hash !== event.hash) {
        fail(state, position, {
          ...base,
          seq: event.seq,
          reason: 'checkpoint_mismatch',
          message: `a trusted checkpoint says seq ${event.seq} has hash ${checkpoint.hash.slice(0, 12)}…, the log has ${event.hash.slice(0, 12)}… (history rewritten)`,
        });
      }
    }
    if (state.broken) continue;

    if (event.type === 'audit.checkpoint') {
      checkpointEvents++;
      state.checkpoints++;
      const problem = checkCheckpointEvent(event, options.publicKey);
      if (problem)
        fail(state, position, { ...base, seq: event.seq, reason: 'bad_checkpoint', message: problem });
    }
  }

  // Trusted checkpoints past the end of what the sink holds: the tail was cut off.
  for (const [chain, bySeq] of trusted) {
    for (const [seq, checkpoints] of bySeq) {
      if (seq === 0) continue;
      const state = chains.get(chain);
      if (state?.broken) continue;
      const lastSeq = state ? state.expected - 1 : 0;
      if (seq > lastSeq) {
        if (state) state.broken = true;
        errors.push({
          position: parsed.length,
          finding: {
            chain,
            seq: lastSeq + 1,
            reason: 'truncated',
            message: state
              ? `a trusted checkpoint is at seq ${seq} but the chain ends at seq ${lastSeq}`
              : `a trusted checkpoint is at seq ${seq} but the sink has no events of this chain`,
          },
        });
      } else if (checkpoints.some((checkpoint) => !checkpointHashesSeen.has(checkpoint))) {
        warnings.push({
          chain,
          seq,
          reason: 'checkpoint_unverifiable',
          message: `seq ${seq} of a trusted checkpoint is in a declared gap of this sink; check it against the other sink`,
        });
      }
    }
  }

  const firstBad = pickFirst(errors);
  if (firstBad) return { ok: false, firstBad, warnings };
  return {
    ok: true,
    events: parsed.flatMap((item) => (item.event ? [item.event] : [])),
    chains: [...chains.values()]
      .sort((a, b) => compareText(a.chain, b.chain))
      .map((state) => ({
        chain: state.chain,
        events: state.count,
        firstSeq: state.firstSeq,
        lastSeq: state.expected - 1,
        lastHash: state.prevHash,
        checkpoints: state.checkpoints,
      })),
    warnings,
    checkpointSignaturesChecked: checkpointEvents === 0 || options.publicKey !== undefined,
  };
}

function parseRecord(record: AuditRecord): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(record.text);
  } catch {
    return { error: locate({ reason: 'malformed', message: 'not valid JSON' }, record) };
  }
  const result = StoredAuditEvent.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'event';
    return {
      error: locate(
        { ...bestEffortIds(raw), reason: 'malformed', message: `${path}: ${issue?.message ?? 'invalid'}` },
        record,
      ),
    };
  }
  // Hash the text as parsed, not zod's copy, so exactly what is stored is what gets checked.
  const event = raw as AuditEvent;
  if (hashAuditEvent(event) !== event.hash) {
    return {
      error: locate(
        {
          chain: event.chain,
          seq: event.seq,
          reason: 'hash_mismatch',
          message: 'the event does not match its hash (edited after it was written)',
        },
        record,
      ),
    };
  }
  return { event };
}

function bestEffortIds(raw: unknown): { chain?: string; seq?: number } {
  if (raw === null || typeof raw !== 'object') return {};
  const { chain, seq } = raw as { chain?: unknown; seq?: unknown };
  return {
    ...(typeof chain === 'string' ? { chain } : {}),
    ...(typeof seq === 'number' && Number.isSafeInteger(seq) ? { seq } : {}),
  };
}

function collectDeclaredGaps(
  parsed: readonly Parsed[],
  sink: string | undefined,
): Map<string, Array<[number, number]>> {
  const declared = new Map<string, Array<[number, number]>>();
  if (sink === undefined) return declared;
  for (const { event } of parsed) {
    if (event?.type !== 'audit.sink_gap') continue;
    const details = AuditSinkGapDetails.safeParse(event.details);
    if (!details.success || details.data.sink !== sink) continue;
    const ranges = declared.get(event.chain) ?? [];
    for (const range of details.data.missing) {
      // A declaration can only speak for events written before it.
      if (range.to_seq < event.seq) ranges.push([range.from_seq, range.to_seq]);
    }
    declared.set(event.chain, ranges);
  }
  return declared;
}

function isDeclared(ranges: ReadonlyArray<[number, number]> | undefined, from: number, to: number): boolean {
  if (!ranges) return false;
  for (let seq = from; seq <= to; seq++) {
    if (!ranges.some(([low, high]) => low <= seq && seq <= high)) return false;
  }
  return true;
}

function indexTrustedCheckpoints(
  checkpoints: readonly UnsignedAuditCheckpoint[],
): Map<string, Map<number, UnsignedAuditCheckpoint[]>> {
  const index = new Map<string, Map<number, UnsignedAuditCheckpoint[]>>();
  for (const checkpoint of checkpoints) {
    const bySeq = index.get(checkpoint.chain) ?? new Map<number, UnsignedAuditCheckpoint[]>();
    bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);
    index.set(checkpoint.chain, bySeq);
  }
  return index;
}

function chainState(chains: Map<string, ChainState>, chain: string): ChainState {
  let state = chains.get(chain);
  if (!state) {
    state = {
      chain,
      expected: 1,
      prevHash: GENESIS_HASH,
      firstSeq: 1,
      count: 0,
      checkpoints: 0,
      broken: false,
    };
    chains.set(chain, state);
  }
  return state;
}

/** First (or, with `last`, final) position in [from, to) holding an event of `chain` with seq in [low, high]. */
function findEvent(
  parsed: readonly Parsed[],
  from: number,
  to: number,
  chain: string,
  low: number,
  high: number,
  last = false,
): number | undefined {
  for (let step = 0; step < to - from; step++) {
    const position = last ? to - 1 - step : from + step;
    const event = parsed[position]?.event;
    if (event && event.chain === chain && event.seq >= low && event.seq <= high) return position;
  }
  return undefined;
}

/** Of two different events with one seq, the bad one is the one the next event does not link to. */
function whichForkIsBad(
  parsed: readonly Parsed[],
  later: AuditEvent,
  earlier: AuditEvent,
  earlierPosition: number,
  laterPosition: number,
): number {
  const nextPosition = findEvent(parsed, 0, parsed.length, later.chain, later.seq + 1, later.seq + 1);
  const next = nextPosition === undefined ? undefined : parsed[nextPosition]?.event;
  if (next && next.prev === later.hash && next.prev !== earlier.hash) return earlierPosition;
  return laterPosition;
}

function checkCheckpointEvent(
  event: AuditEvent,
  publicKey: KeyObject | string | undefined,
): string | undefined {
  const details = CheckpointDetails.safeParse(event.details);
  if (!details.success) return 'an audit.checkpoint event must carry a well-formed signed checkpoint';
  const { checkpoint } = details.data;
  if (
    checkpoint.chain !== event.chain ||
    checkpoint.seq !== event.seq - 1 ||
    checkpoint.hash !== event.prev
  ) {
    return `the checkpoint does not describe the event before it (seq ${event.seq - 1})`;
  }
  if (publicKey !== undefined) {
    const verdict = verifyCheckpoint(checkpoint, publicKey);
    if (!verdict.ok) return `checkpoint signature: ${verdict.reason}`;
  }
  return undefined;
}

function pickFirst(errors: readonly Located[]): AuditFinding | undefined {
  let first: Located | undefined;
  for (const candidate of errors) {
    if (!first || isEarlier(candidate, first)) first = candidate;
  }
  return first?.finding;
}

function isEarlier(a: Located, b: Located): boolean {
  if (a.position !== b.position) return a.position < b.position;
  const byChain = compareText(a.finding.chain ?? '', b.finding.chain ?? '');
  if (byChain !== 0) return byChain < 0;
  return (a.finding.seq ?? 0) < (b.finding.seq ?? 0);
}

function locate(finding: AuditFinding, record: AuditRecord | undefined): AuditFinding {
  return {
    ...finding,
    ...(record?.line !== undefined ? { line: record.line } : {}),
    ...(record?.id !== undefined ? { id: record.id } : {}),
  };
}

function where(record: AuditRecord | undefined): string {
  if (record?.line !== undefined) return `line ${record.line}`;
  if (record?.id !== undefined) return `entry ${record.id}`;
  return 'another record';
}

function describeRange(from: number, to: number): string {
  return from === to ? `seq ${from} is` : `seq ${from}–${to} are`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
