import type { Cells } from '../../domain/cell-value.js';
import type { Execution, GovernedRequest } from '../../domain/governed-request.js';
import type { StoredRequest } from '../../ports/request-store.js';
import type { LiveOpDeps } from './live-op-deps.js';
import type { BeforeState } from './read-before-state.js';

/** What a planner's step sees: the request as stored, its execution record, and a way to persist progress. */
export type StepContext<R extends GovernedRequest> = {
  stored: StoredRequest;
  request: R;
  execution: Execution;
  deps: LiveOpDeps;
  /** Persists a change to the execution record (the request must still be executing). */
  save(change: Partial<Execution>): Promise<void>;
  /**
   * Runs the writes of a pass: a Lark failure inside is what the engine decides on (ambiguous, retryable,
   * permanent); one outside (a read before writing) goes to the caller as it is.
   */
  writing<T>(run: () => Promise<T>): Promise<T>;
  /** What this run of the live op remembers between its steps (nothing after a crash or a retry). */
  memo: LiveOpMemo;
};

/**
 * Carried from step to step within one run of the live op (one job attempt, the base lease held
 * throughout). Each entry is taken once; absent in any other run (a retry or a resume reads again).
 */
export type LiveOpMemo = {
  /**
   * The re-read's records, when nothing can have been written since (this run backed up and went
   * straight on to write): the write needs no second read.
   */
  reread?: { requestId: string; records: ReadonlyMap<string, Cells> };
  /** The re-read of a records op, started while its approval was consumed (read-before-state.ts). */
  beforeState?: { requestId: string; read: Promise<BeforeState> };
  /** The read back, started as soon as the write landed, while `op.applied` is audited and stored. */
  verification?: { requestId: string; result: Promise<Verification> };
};

/** What a read back found: the approved after-state (ok), or how the target differs from it. */
export type Verification = { ok: boolean; mismatches: string[] };

/** The re-read before anything is written: stop (stale, or cannot back up), or back up this document. */
export type Prepared =
  | { kind: 'stop'; state: 'stale' | 'failed'; problem: string }
  | {
      kind: 'back_up';
      /** The backup's plaintext document (canonical JSON, then encrypted). */
      document: unknown;
      /** `backup.created` details besides `backup_id` and `ciphertext_bytes`. */
      details: Record<string, unknown>;
      /** Execution fields stored with `backed_up`, worked out after the backup is saved. */
      after(): Promise<Partial<Execution>>;
    };

/** One writing pass. */
export type WritePass =
  /** The target is not what the plan expects: the op stops for a human. */
  | { kind: 'stop'; state: 'needs_review'; change: Partial<Execution> & { problem: string } }
  /** Something was written: the next pass reads it back before anything else (`change` is persisted). */
  | { kind: 'again'; change: Partial<Execution> }
  /** Everything has landed: `op.applied` is audited with `details`, then `written` stored with `change`. */
  | { kind: 'written'; details: Record<string, unknown>; change: Partial<Execution> };

/**
 * One kind of live op (records or schema) for the step engine (run-live-op-step.ts), which owns the steps
 * (consumed → backed_up → writing → written → verified), their persistence, the backup, the audit events
 * and what a failed Lark write means. A planner only reads the target and decides what to write.
 */
export type LiveOpPlanner<R extends GovernedRequest> = {
  /** What a refused write changed: "the write", "the schema change". */
  noun: string;
  /** The log line of an ambiguous write outcome. */
  ambiguousLog: string;
  prepare(context: StepContext<R>): Promise<Prepared>;
  /**
   * Writes what has not landed yet, reading first. `progress` is the execution fields changed so far in
   * this pass (created ids …): the engine persists it when a failure interrupts the pass.
   */
  write(context: StepContext<R>, progress: Partial<Execution>): Promise<WritePass>;
  /** After an ambiguous write, before the progress is persisted: adopt what landed unseen. */
  reconcile?(context: StepContext<R>, progress: Partial<Execution>): Promise<void>;
  /** Reads back and compares with the approved after-state. */
  verify(context: StepContext<R>): Promise<Verification>;
};
