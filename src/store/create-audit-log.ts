import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  type AuditCheckpoint,
  type AuditCheckpointHead,
  signAuditCheckpoint,
} from '../domain/audit-checkpoint.js';
import { AuditChainId, type AuditEvent, type AuditHashKey, GENESIS_HASH } from '../domain/audit-event.js';
import { type AuditChainHead, type AuditInput, buildAuditEventLine } from '../domain/build-audit-event.js';
import { selectCheckpointHeads } from '../domain/select-checkpoint-heads.js';
import { type AuditSinkFailure, AuditUnavailableError } from './audit-unavailable-error.js';
import type { AuditAnchor } from './create-audit-anchor.js';

/** Somewhere one canonical event line can be stored durably. `write` resolves only once it is. */
export type AuditSink = {
  name: string;
  write(line: string): Promise<unknown>;
  /**
   * Several lines in one durable write (group commit); all or none. Without it, lines go one by one.
   * May resolve to an array saying where each line now is (the stream's entry ids), in order.
   */
  writeBatch?(lines: readonly string[]): Promise<unknown>;
  close(): Promise<void>;
};

export type AuditLogOptions = {
  /** This process's chain id (`buildAuditChainId`); one writer per chain. */
  chain: string;
  /** Every event goes to every sink; at least one must take it. */
  sinks: readonly AuditSink[];
  clock: () => Date;
  /** Keys every event hash (HMAC); events record only its id. */
  hashKey: AuditHashKey;
  /**
   * Called for every failed sink write, for alerting: with one sink down the event still counts; with
   * all down `append` also rejects. Errors it throws are ignored.
   */
  onSinkFailure: (failure: AuditSinkFailure & { chain: string; seq: number }) => void;
  /** An `audit.checkpoint` every this many events when a signing key is given; 0 turns that off. */
  checkpointEvery?: number;
  /**
   * An `audit.checkpoint` at most this long after the first event it would cover (default 60 s; 0 turns
   * that off), so a quiet or short chain is covered too.
   */
  checkpointIntervalMs?: number;
  /** Ed25519 private key for checkpoints; without it there are no checkpoints. */
  signingKey?: KeyObject | string;
  /**
   * Where each checkpoint is kept outside the log (Redis), and where the other chains' newest ones are
   * read from to name them in ours. Its failures are ignored: the checkpoint is in the log and the chat.
   */
  anchor?: AuditAnchor;
  /**
   * Each signed checkpoint (automatic, on demand, final) with the sinks that took its event, to post
   * outside the log's trust domain. Errors it throws are ignored.
   */
  onCheckpoint?: (checkpoint: AuditCheckpoint, sinks: readonly string[]) => void;
};

export type AuditLog = {
  /**
   * Writes the next event of this chain to every sink. Rejects with `AuditUnavailableError` when no
   * sink took it; the caller must then not perform the action the event records.
   */
  append(input: AuditInput): Promise<AuditEvent>;
  /** Writes an `audit.checkpoint` event now and returns the signed checkpoint it carries. */
  checkpoint(): Promise<AuditCheckpoint>;
  /** The last event written (`seq: 0` before the first). */
  head(): AuditChainHead;
  /** Waits for writes in flight, writes a final checkpoint (with a signing key), then closes the sinks. Later appends reject. */
  close(): Promise<void>;
};

/**
 * One process's audit log: a hash chain written to every sink, one event at a time, so seq order is
 * write order in every sink.
 *
 * 1. Both sinks fail: the append rejects and nothing advances (the next event reuses the seq).
 * 2. One sink fails: `onSinkFailure`, the event counts, the sink is tried again on the next event.
 * 3. When a sink that missed events takes one again, the log writes an `audit.sink_gap` event saying
 *    which seqs that sink lacks, so the verifier can tell an outage from a deletion.
 * 4. Every `checkpointEvery` events, or `checkpointIntervalMs` after the first event not yet covered
 *    (whichever comes first), and on close, an `audit.checkpoint` event carries a signed checkpoint of
 *    the event before it, naming the other chains' newest anchored checkpoints. It is saved to the anchor
 *    and handed to `onCheckpoint`. A cleanly closed chain therefore ends with a checkpoint event that
 *    lives outside the log too: `audit verify` catches a cut tail or a removed chain.
 *
 * Steps 3 and 4 run right after the append that triggers them (its promise has already resolved) and
 * before the next one; `close()` waits for them.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const chain = AuditChainId.parse(options.chain);
  const sinks = [...options.sinks];
  if (sinks.length === 0) throw new TypeError('createAuditLog: at least one sink is needed');
  if (new Set(sinks.map((sink) => sink.name)).size !== sinks.length) {
    throw new TypeError('createAuditLog: sink names must be unique');
  }
  const checkpointEvery = options.checkpointEvery ?? 100;
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 0) {
    throw new TypeError('createAuditLog: checkpointEvery must be a whole number ≥ 0');
  }
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 60_000;
  if (!Number.isFinite(checkpointIntervalMs) || checkpointIntervalMs < 0) {
    throw new TypeError('createAuditLog: checkpointIntervalMs must be ≥ 0');
  }
  const signingKey = loadSigningKey(options.signingKey);
  const { hashKey } = options;

  let head: AuditChainHead = { chain, seq: 0 };
  let lastCheckpointSeq = 0;
  /** Heads last read from the anchor, used while it cannot be read. */
  let knownHeads: AuditCheckpointHead[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** Per sink: seq ranges it missed that no `audit.sink_gap` event has declared to it yet. */
  const gaps = new Map<string, Array<{ from_seq: number; to_seq: number }>>();
  /** Sinks with undeclared gaps whose latest write succeeded: time to declare. */
  const recovered = new Set<string>();
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Appends waiting for the next batch. */
  let pending: Array<{
    input: AuditInput;
    resolve: (event: AuditEvent) => void;
    reject: (error: unknown) => void;
  }> = [];

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  }

  async function write(
    input: AuditInput,
    now = options.clock(),
  ): Promise<{ event: AuditEvent; failed: Set<string>; locations: Map<string, string> }> {
    const [result] = await writeEvents([input], now);
    if (!result || 'error' in result) throw result?.error ?? new Error('audit write failed');
    return result;
  }

  /**
   * Writes several events as one batch to each sink (one write and one sync per sink: a group commit).
   * Inputs that are not plain JSON are refused one by one, without a seq. If no sink takes the batch,
   * every event in it is refused and the head does not move.
   */
  async function writeEvents(
    inputs: readonly AuditInput[],
    now = options.clock(),
  ): Promise<
    Array<{ event: AuditEvent; failed: Set<string>; locations: Map<string, string> } | { error: unknown }>
  > {
    const outcomes: Array<{ event: AuditEvent } | { error: unknown }> = [];
    const lines: string[] = [];
    let next: AuditChainHead = head;
    for (const input of inputs) {
      try {
        const { event, line } = buildAuditEventLine(next, input, now, hashKey);
        next = { chain, seq: event.seq, hash: event.hash };
        outcomes.push({ event });
        lines.push(line);
      } catch (error) {
        outcomes.push({ error });
      }
    }
    const events = outcomes.flatMap((outcome) => ('event' in outcome ? [outcome.event] : []));
    if (events.length === 0)
      return outcomes.map((outcome) =>
        'event' in outcome ? { ...outcome, failed: new Set<string>(), locations: new Map() } : outcome,
      );
    const results = await Promise.allSettled(
      sinks.map((sink) => (sink.writeBatch ? sink.writeBatch(lines) : writeOneByOne(sink, lines))),
    );
    const failures: AuditSinkFailure[] = [];
    results.forEach((result, index) => {
      const name = sinks[index]?.name ?? String(index);
      if (result.status === 'rejected') failures.push({ sink: name, error: result.reason });
    });
    const firstSeq = (events[0] as AuditEvent).seq;
    for (const failure of failures) {
      try {
        options.onSinkFailure({ ...failure, chain, seq: firstSeq });
      } catch {
        // The hook is for alerting; a broken hook must not change what the log does.
      }
    }
    if (failures.length === sinks.length) {
      const error = new AuditUnavailableError('no audit sink could record the event', failures);
      return outcomes.map((outcome) => ('event' in outcome ? { error } : outcome));
    }
    head = next;
    const failed = new Set(failures.map((failure) => failure.sink));
    const locationsOf = (index: number) => {
      const located = new Map<string, string>();
      results.forEach((result, sinkIndex) => {
        const where =
          result.status === 'fulfilled' && Array.isArray(result.value) ? result.value[index] : undefined;
        const sink = sinks[sinkIndex];
        if (typeof where === 'string' && sink) located.set(sink.name, where);
      });
      return located;
    };
    for (const sink of sinks) {
      if (failed.has(sink.name)) {
        for (const event of events) addGap(sink.name, event.seq);
        recovered.delete(sink.name);
      } else if (gaps.has(sink.name)) {
        recovered.add(sink.name);
      }
    }
    let eventIndex = 0;
    return outcomes.map((outcome) =>
      'event' in outcome ? { event: outcome.event, failed, locations: locationsOf(eventIndex++) } : outcome,
    );
  }

  async function writeOneByOne(sink: AuditSink, lines: readonly string[]): Promise<void> {
    for (const line of lines) await sink.write(line);
  }

  function addGap(sink: string, seq: number): void {
    const ranges = gaps.get(sink) ?? [];
    const last = ranges.at(-1);
    if (last && last.to_seq === seq - 1) last.to_seq = seq;
    else ranges.push({ from_seq: seq, to_seq: seq });
    gaps.set(sink, ranges);
  }

  async function readHeads(nowMs: number): Promise<AuditCheckpointHead[]> {
    if (!options.anchor) return [];
    try {
      knownHeads = selectCheckpointHeads((await options.anchor.read()).records, chain, nowMs);
    } catch {
      // Redis is down: name the heads we knew; the anchor is only one of the places checkpoints live.
    }
    return knownHeads;
  }

  async function writeCheckpoint(final = false): Promise<AuditCheckpoint> {
    if (!signingKey) throw new TypeError('audit checkpoints need a signing key');
    clearTimeout(timer);
    timer = undefined;
    const now = options.clock();
    const checkpoint = signAuditCheckpoint(
      {
        chain,
        seq: head.seq,
        hash: 'hash' in head ? head.hash : GENESIS_HASH,
        ts: now.toISOString(),
        heads: await readHeads(now.getTime()),
      },
      signingKey,
    );
    const { failed, locations } = await write({ type: 'audit.checkpoint', details: { checkpoint } }, now);
    lastCheckpointSeq = head.seq;
    const took = sinks.map((sink) => sink.name).filter((name) => !failed.has(name));
    await options.anchor
      ?.save({ checkpoint, sinks: took, stream_id: [...locations.values()][0] ?? null, final })
      .catch(() => undefined);
    try {
      options.onCheckpoint?.(checkpoint, took);
    } catch {
      // As with onSinkFailure: the checkpoint is in the log whatever the hook does.
    }
    return checkpoint;
  }

  /** The time-based checkpoint: armed by the first event not yet covered, so quiet chains get one too. */
  function armTimer(): void {
    if (!signingKey || checkpointIntervalMs === 0 || timer || closed) return;
    if (head.seq <= lastCheckpointSeq) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      enqueue(async () => {
        if (!closed && head.seq > lastCheckpointSeq) await writeCheckpoint();
      }).catch(() => undefined);
    }, checkpointIntervalMs);
    timer.unref();
  }

  /** Runs after every append, before the next one: declare healed gaps, then checkpoint when due. */
  async function housekeeping(): Promise<void> {
    for (const sink of [...recovered]) {
      const missing = gaps.get(sink);
      recovered.delete(sink);
      if (!missing) continue;
      const { failed } = await write({
        type: 'audit.sink_gap',
        details: { sink, missing: missing.map((range) => ({ ...range })) },
      });
      if (!failed.has(sink)) gaps.delete(sink);
    }
    if (signingKey && checkpointEvery > 0 && head.seq - lastCheckpointSeq >= checkpointEvery) {
      await writeCheckpoint();
    }
    armTimer();
  }

  return {
    append(input) {
      if (closed) return Promise.reject(new AuditUnavailableError('the audit log is closed'));
      const written = new Promise<AuditEvent>((resolve, reject) => pending.push({ input, resolve, reject }));
      if (pending.length === 1) {
        // The first append of a batch schedules its write; appends arriving before it runs join it.
        enqueue(async () => {
          const batch = pending;
          pending = [];
          const results = await writeEvents(batch.map((item) => item.input)).catch((error: unknown) =>
            batch.map(() => ({ error })),
          );
          batch.forEach((item, index) => {
            const result = results[index];
            if (result && 'event' in result) item.resolve(result.event);
            else item.reject(result?.error ?? new AuditUnavailableError('the audit write failed'));
          });
        });
        // Failures here were already reported through onSinkFailure and are retried after the next append.
        enqueue(housekeeping).catch(() => undefined);
      }
      return written;
    },
    checkpoint() {
      if (closed) return Promise.reject(new AuditUnavailableError('the audit log is closed'));
      return enqueue(writeCheckpoint);
    },
    head: () => head,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      // The final checkpoint: the chain's last event lives outside the log too, so a cut tail shows.
      await enqueue(async () => {
        if (signingKey && head.seq > lastCheckpointSeq) await writeCheckpoint(true);
      }).catch(() => undefined);
      await Promise.allSettled(sinks.map((sink) => sink.close()));
    },
  };
}

function loadSigningKey(key: KeyObject | string | undefined): KeyObject | undefined {
  if (key === undefined) return undefined;
  const object = typeof key === 'string' ? createPrivateKey(key) : key;
  if (object.type !== 'private' || object.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('createAuditLog: signingKey must be an Ed25519 private key');
  }
  return object;
}
