import { canonicalJson } from '../../domain/canonical-json.js';
import type { Execution, GovernedRequest, RequestState } from '../../domain/governed-request.js';
import { isRecordsRequest } from '../../domain/is-records-request.js';
import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { StoredRequest } from '../../ports/request-store.js';
import { RetryLater } from '../retry-later.js';
import { finishRequest } from './finish-request.js';
import type { LiveOpDeps } from './live-op-deps.js';
import type { LiveOpMemo, LiveOpPlanner, StepContext } from './live-op-planner.js';
import { recordPlanner } from './plan-record-steps.js';
import { createSchemaPlanner } from './plan-schema-steps.js';
import { saveStep } from './save-step.js';

/**
 * Advances an executing request by one persisted step — the one step machine for records and schema ops:
 * consumed (re-read: stale → stop; else back up) → backed_up → writing (write what has not landed, reading
 * first: never a blind retry) → written (read back) → verified. The planner of the op's kind reads the
 * target and decides what to write; this engine persists each step, audits, and decides what a failed Lark
 * write means: ambiguous → wait, adopt what landed, read again on the next pass; retryable → RetryLater with
 * the progress kept; permanent → failed. A call the allowlist refused is left to the caller (runLiveOp).
 */
export async function runLiveOpStep(
  stored: StoredRequest,
  deps: LiveOpDeps,
  memo: LiveOpMemo = {},
): Promise<StoredRequest | null> {
  const { request } = stored;
  const execution = request.execution;
  if (!execution) throw new Error('executing request without an execution record');
  if (isRecordsRequest(request)) return runStep(recordPlanner, stored, request, execution, deps, memo);
  if (!deps.schema) {
    await finishRequest(
      stored,
      'failed',
      { problem: 'this worker cannot change schemas (no schema gateway)' },
      deps,
    );
    return null;
  }
  return runStep(createSchemaPlanner(deps.schema), stored, request, execution, deps, memo);
}

async function runStep<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  stored: StoredRequest,
  request: R,
  execution: Execution,
  deps: LiveOpDeps,
  memo: LiveOpMemo,
): Promise<StoredRequest | null> {
  // The request as this step last stored it: each save compares against it, and the next step starts
  // from it without reading it again. Null once the step ended the request (or stored nothing).
  let latest = stored;
  let saved = false;
  const context: StepContext<R> = {
    stored,
    request,
    execution,
    deps,
    memo,
    save: async (change) => {
      latest = await saveStep(latest, change, deps);
      saved = true;
    },
    writing: async (run) => {
      try {
        return await run();
      } catch (error) {
        throw new InterruptedWrite(error);
      }
    },
  };
  let ended = false;
  const finish: Finish = async (state, change) => {
    ended = true;
    await finishRequest(latest, state, change, deps);
  };
  await runStepOf(planner, context, finish);
  return saved && !ended ? latest : null;
}

/** Ends the request from within a step (finish-request.ts), from the request as the step last stored it. */
type Finish = (state: RequestState, change: Partial<Execution>) => Promise<void>;

async function runStepOf<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
  finish: Finish,
): Promise<void> {
  const { request, execution } = context;
  switch (execution.step) {
    case 'consumed':
      return backUp(planner, context, finish);
    case 'backed_up':
      await context.save({ step: 'writing' });
      return;
    case 'writing':
      return write(planner, context, finish);
    case 'written': {
      const started =
        context.memo.verification?.requestId === request.id ? context.memo.verification.result : undefined;
      context.memo.verification = undefined;
      const { ok, mismatches } = await (started ?? planner.verify(context));
      await finish(ok ? 'applied' : 'verify_failed', { step: 'verified', verification: { ok, mismatches } });
      return;
    }
    case 'verified':
      await finish('applied', {});
      return;
  }
}

/** Re-read (stale → stop), then back up the before-state, audited as `backup.created`. */
async function backUp<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
  finish: Finish,
): Promise<void> {
  const { request, deps } = context;
  const prepared = await planner.prepare(context);
  if (prepared.kind === 'stop') {
    await finish(prepared.state, { problem: prepared.problem });
    return;
  }
  const plaintext = new TextEncoder().encode(canonicalJson(prepared.document));
  const { backupId, bytes } = await deps.saveBackup(plaintext);
  await deps.audit({
    type: 'backup.created',
    actor: 'worker',
    requestId: request.id,
    details: { backup_id: backupId, ...prepared.details, ciphertext_bytes: bytes },
  });
  const after = await prepared.after();
  await context.save({ step: 'backed_up', backupId, ...after });
}

/** One writing pass; a failed Lark write is decided here, the same way for every kind of op. */
async function write<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
  finish: Finish,
): Promise<void> {
  const { request, execution, deps } = context;
  const progress: Partial<Execution> = {};
  let pass: Awaited<ReturnType<LiveOpPlanner<R>['write']>>;
  try {
    pass = await planner.write(context, progress);
  } catch (caught) {
    if (!(caught instanceof InterruptedWrite)) throw caught;
    const { error } = caught;
    const failure = LarkCallFailed.of(error);
    if (!failure || failure.reason === 'egress_denied') throw error;
    if (failure.kind === 'ambiguous') {
      // The write may have landed: the next pass reads before writing anything again.
      deps.logger.warn({ requestId: request.id, endpoint: failure.endpointId }, planner.ambiguousLog);
      await new Promise((resolve) => setTimeout(resolve, deps.reconcileDelayMs));
      await planner.reconcile?.(context, progress);
      await context.save({ attempts: execution.attempts + 1, ...progress });
      return;
    }
    if (failure.kind === 'retryable') {
      await context.save(progress);
      throw new RetryLater(`Lark ${failure.reason} on ${failure.endpointId}`, failure.retryAfterMs);
    }
    await finish('failed', {
      ...progress,
      problem: `Lark refused ${planner.noun}: ${failure.msg} (code ${failure.code})`,
    });
    return;
  }
  if (pass.kind === 'stop') {
    await finish(pass.state, pass.change);
    return;
  }
  if (pass.kind === 'again') {
    await context.save(pass.change);
    return;
  }
  // The read back needs only the write to have landed: it goes out now, while `op.applied` is audited and
  // `written` stored (the outcome waits for both, so the log still reads applied, then verified).
  const result = planner.verify({ ...context, execution: { ...execution, ...pass.change, step: 'written' } });
  result.catch(() => undefined);
  context.memo.verification = { requestId: request.id, result };
  await deps.audit({ type: 'op.applied', actor: 'worker', requestId: request.id, details: pass.details });
  await context.save({ step: 'written', ...pass.change });
}

/** A failure inside `writing`: unwrapped by `write`, which decides what it means. */
class InterruptedWrite extends Error {
  constructor(readonly error: unknown) {
    super('a live-op write was interrupted');
  }
}
