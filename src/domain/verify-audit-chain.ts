import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuditCheckpoint, verifyCheckpoint } from './audit-checkpoint.js';
import { type AuditEvent, type AuditHashKey, AuditSinkGapDetails, GENESIS_HASH } from './audit-event.js';
import { checkAuditText } from './check-audit-text.js';

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
  | 'chain_missing'
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

/**
 * A signed checkpoint the verifier trusts (its signature already checked): chain `chain` must hold the
 * `audit.checkpoint` event for (`seq`, `hash`), i.e. reach at least `seq + 1` with that history.
 * `source` says where it came from; `sinks`, when given, are the only sinks that must hold it.
 */
export type TrustedCheckpoint = {
  chain: string;
  seq: number;
  hash: string;
  source: string;
  sinks?: readonly string[];
};

export type AuditVerifyOptions = {
  /** The sink these records come from (`file`, `stream`): its gaps declared by `audit.sink_gap` events are warnings. */
  sink?: string;
  /** The key every event hash is an HMAC under (`audit.hash_key`). */
  hashKey: AuditHashKey;
  /**
   * Checks the signature of every `audit.checkpoint` event when given; the heads of those that verify
   * (other chains' checkpoints) become trusted checkpoints too.
   */
  publicKey?: KeyObject | string;
  /**
   * Checkpoints held outside the log (the anchor in Redis, the audit chat): the sink must hold each, which
   * is what catches a cut tail or a removed chain.
   */
  trustedCheckpoints?: readonly TrustedCheckpoint[];
  /**
   * The sink was trimmed (the audit stream, `<stream>:trimmed` set): a chain may start at any seq, with
   * the events before it held by the file. Off by default, so an untrimmed sink must start at seq 1.
   */
  startsMidChain?: boolean;
};

/** The newest trusted checkpoint of one chain that this sink was held to, and where it came from. */
export type TrustedCheckpointSummary = { chain: string; seq: number; sources: string[] };

/**
 * What the chains are judged on: an event's place and hashes, and its details when it is the log's own
 * bookkeeping (`audit.checkpoint`, `audit.sink_gap`). A full AuditEvent is one.
 */
export type LinkedAuditEvent = Pick<AuditEvent, 'chain' | 'seq' | 'prev' | 'hash' | 'type'> & {
  details?: Record<string, unknown>;
};

/** The event types whose details the chains are judged on. */
export function isBookkeepingType(type: string): boolean {
  return type === 'audit.checkpoint' || type === 'audit.sink_gap';
}

/**
 * One record judged on its own (checkAuditRecord, or the same check in a worker thread): its event, or the
 * finding that it is malformed or does not match its keyed hash; `line` / `id` locate it.
 */
export type CheckedAuditRecord<E extends LinkedAuditEvent = AuditEvent> =
  | { event: E; error?: undefined; line?: number; id?: string }
  | { event?: undefined; error: AuditFinding; line?: number; id?: string };

export type AuditVerifyResult<E extends LinkedAuditEvent = AuditEvent> =
  | {
      ok: true;
      events: E[];
      chains: AuditChainSummary[];
      warnings: AuditFinding[];
      /** False when checkpoint events were present but no public key was given to check them. */
      checkpointSignaturesChecked: boolean;
      /** Per chain, the newest trusted checkpoint this sink was held to (and met), by chain id. */
      trusted: TrustedCheckpointSummary[];
    }
  | { ok: false; firstBad: AuditFinding; warnings: AuditFinding[] };

const CheckpointDetails = z.object({ checkpoint: AuditCheckpoint });

type ChainState = {
  chain: string;
  expected: number;
  prevHash: string;
  firstSeq: number;
  count: number;
  checkpoints: number;
  /** Accepted `audit.checkpoint` events: the seq each one covers → that seq's hash. */
  checkpointed: Map<number, string>;
  broken: boolean;
};

type Point = { chain: string; seq: number; hash: string; sources: string[]; sinks?: readonly string[] };

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
  options: AuditVerifyOptions,
): AuditVerifyResult {
  return linkAuditChains(
    records.map((record) => checkAuditRecord(record, options.hashKey)),
    options,
  );
}

/** One record judged on its own, located: the first half of verifyAuditChain. */
export function checkAuditRecord(record: AuditRecord, key: AuditHashKey): CheckedAuditRecord {
  const checked = checkAuditText(record.text, key);
  const at = {
    ...(record.line !== undefined ? { line: record.line } : {}),
    ...(record.id !== undefined ? { id: record.id } : {}),
  };
  if (checked.event) return { event: checked.event, ...at };
  return { error: locate(checked.problem, record), ...at };
}

/**
 * The second half of verifyAuditChain: the chains of records already checked one by one (in this thread or
 * in workers), in the sink's order. Everything it reports depends only on those results, so where the
 * records were checked cannot change a finding.
 */
export function linkAuditChains<E extends LinkedAuditEvent>(
  parsed: readonly CheckedAuditRecord<E>[],
  options: Omit<AuditVerifyOptions, 'hashKey'>,
): AuditVerifyResult<E> {
  const records = parsed;
  const declared = collectDeclaredGaps(parsed, options.sink);
  const points = new Map<string, Point>();
  for (const checkpoint of options.trustedCheckpoints ?? []) addPoint(points, checkpoint, checkpoint.source);
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

    if (event.type === 'audit.checkpoint') {
      checkpointEvents++;
      state.checkpoints++;
      const problem = checkCheckpointEvent(event, options.publicKey);
      if (problem) {
        fail(state, position, { ...base, seq: event.seq, reason: 'bad_checkpoint', message: problem });
        continue;
      }
      const { checkpoint } = event.details as { checkpoint: AuditCheckpoint };
      state.checkpointed.set(checkpoint.seq, checkpoint.hash);
      // A verified signature vouches for the other chains it names: they must be here too.
      if (options.publicKey !== undefined) {
        for (const head of checkpoint.heads) {
          addPoint(points, head, `the checkpoint of ${event.chain} seq ${checkpoint.seq}`);
        }
      }
    }
  }

  // Trusted checkpoints this sink must hold: a chain that ends before one was cut; one absent was removed.
  const trusted = new Map<string, TrustedCheckpointSummary>();
  for (const point of points.values()) {
    if (point.sinks && options.sink !== undefined && !point.sinks.includes(options.sink)) continue;
    const state = chains.get(point.chain);
    const from = point.sources.join('; ');
    const at = { chain: point.chain, seq: point.seq + 1 };
    // A trimmed sink (the stream) no longer holds what lies below its first event of a chain, or a chain
    // trimmed whole: the file holds those events and is held to the same checkpoints.
    if (options.startsMidChain && (!state || point.seq + 1 < state.firstSeq)) continue;
    if (!state) {
      errors.push({
        position: parsed.length,
        finding: {
          chain: point.chain,
          seq: 1,
          reason: 'chain_missing',
          message: `no events of this chain, yet a signed checkpoint (${from}) says it reached seq ${point.seq}: the chain was removed`,
        },
      });
      continue;
    }
    if (state.broken) continue;
    const held = state.checkpointed.get(point.seq);
    const lastSeq = state.expected - 1;
    if (held === point.hash) {
      const known = trusted.get(point.chain);
      if (!known || known.seq < point.seq) {
        trusted.set(point.chain, { chain: point.chain, seq: point.seq, sources: point.sources });
      }
      continue;
    }
    if (held === undefined && lastSeq <= point.seq) {
      state.broken = true;
      errors.push({
        position: parsed.length,
        finding: {
          chain: point.chain,
          seq: lastSeq + 1,
          reason: 'truncated',
          message: `the chain ends at seq ${lastSeq}, before its signed checkpoint of seq ${point.seq} (the audit.checkpoint event at seq ${point.seq + 1}; ${from}): events were cut from the end`,
        },
      });
    } else if (held === undefined && isDeclared(declared.get(point.chain), point.seq + 1, point.seq + 1)) {
      warnings.push({
        ...at,
        reason: 'checkpoint_unverifiable',
        message: `the signed checkpoint of seq ${point.seq} (${from}) is in a declared gap of this sink; check it against the other sink`,
      });
    } else {
      state.broken = true;
      errors.push({
        position: parsed.length,
        finding: {
          ...at,
          reason: 'checkpoint_mismatch',
          message: `a signed checkpoint (${from}) says seq ${point.seq} has hash ${point.hash.slice(0, 12)}…; this chain does not hold that checkpoint (history rewritten)`,
        },
      });
    }
  }

  const firstBad = pickFirst(errors);
  if (firstBad) return { ok: false, firstBad, warnings };
  return {
    ok: true,
    events: eventsOf(parsed),
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
    trusted: [...trusted.values()].sort((a, b) => compareText(a.chain, b.chain)),
  };
}

function collectDeclaredGaps(
  parsed: readonly CheckedAuditRecord<LinkedAuditEvent>[],
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

function addPoint(
  points: Map<string, Point>,
  checkpoint: { chain: string; seq: number; hash: string; sinks?: readonly string[] },
  source: string,
): void {
  const id = `${checkpoint.chain}\u0000${checkpoint.seq}\u0000${checkpoint.hash}`;
  const known = points.get(id);
  if (known) {
    if (!known.sources.includes(source) && known.sources.length < 3) known.sources.push(source);
    // Held to it in every sink any source names.
    if (known.sinks && checkpoint.sinks) {
      known.sinks = [...new Set([...known.sinks, ...checkpoint.sinks])];
    } else {
      delete known.sinks;
    }
    return;
  }
  points.set(id, {
    chain: checkpoint.chain,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    sources: [source],
    ...(checkpoint.sinks ? { sinks: [...checkpoint.sinks] } : {}),
  });
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
      checkpointed: new Map(),
      broken: false,
    };
    chains.set(chain, state);
  }
  return state;
}

/** First (or, with `last`, final) position in [from, to) holding an event of `chain` with seq in [low, high]. */
function findEvent(
  parsed: readonly CheckedAuditRecord<LinkedAuditEvent>[],
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
  parsed: readonly CheckedAuditRecord<LinkedAuditEvent>[],
  later: LinkedAuditEvent,
  earlier: LinkedAuditEvent,
  earlierPosition: number,
  laterPosition: number,
): number {
  const nextPosition = findEvent(parsed, 0, parsed.length, later.chain, later.seq + 1, later.seq + 1);
  const next = nextPosition === undefined ? undefined : parsed[nextPosition]?.event;
  if (next && next.prev === later.hash && next.prev !== earlier.hash) return earlierPosition;
  return laterPosition;
}

function checkCheckpointEvent(
  event: LinkedAuditEvent,
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

function locate(finding: AuditFinding, record: { line?: number; id?: string } | undefined): AuditFinding {
  return {
    ...finding,
    ...(record?.line !== undefined ? { line: record.line } : {}),
    ...(record?.id !== undefined ? { id: record.id } : {}),
  };
}

function where(record: { line?: number; id?: string } | undefined): string {
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

/** Every event, in order (a loop: a million events are verified at once). */
function eventsOf<E extends LinkedAuditEvent>(parsed: readonly CheckedAuditRecord<E>[]): E[] {
  const events: E[] = [];
  for (const item of parsed) if (item.event) events.push(item.event);
  return events;
}
