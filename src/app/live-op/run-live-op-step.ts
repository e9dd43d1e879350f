import { canonicalJson } from '../../domain/canonical-json.js';
import type { Execution, GovernedRequest } from '../../domain/governed-request.js';
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
): Promise<void> {
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
    return;
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
): Promise<void> {
  const context: StepContext<R> = {
    stored,
    request,
    execution,
    deps,
    memo,
    save: (change) => saveStep(stored, change, deps),
    writing: async (run) => {
      try {
        return await run();
      } catch (error) {
        throw new InterruptedWrite(error);
      }
    },
  };
  switch (execution.step) {
    case 'consumed':
      return backUp(planner, context);
    case 'backed_up':
      await context.save({ step: 'writing' });
      return;
    case 'writing':
      return write(planner, context);
    case 'written': {
      const started =
        context.memo.verification?.requestId === request.id ? context.memo.verification.result : undefined;
      context.memo.verification = undefined;
      const { ok, mismatches } = await (started ?? planner.verify(context));
      await finishRequest(
        stored,
        ok ? 'applied' : 'verify_failed',
        { step: 'verified', verification: { ok, mismatches } },
        deps,
      );
      return;
    }
    case 'verified':
      await finishRequest(stored, 'applied', {}, deps);
      return;
  }
}

/** Re-read (stale → stop), then back up the before-state, audited as `backup.created`. */
async function backUp<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
): Promise<void> {
  const { stored, request, deps } = context;
  const prepared = await planner.prepare(context);
  if (prepared.kind === 'stop') {
    await finishRequest(stored, prepared.state, { problem: prepared.problem }, deps);
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
): Promise<void> {
  const { stored, request, execution, deps } = context;
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
    await finishRequest(
      stored,
      'failed',
      { ...progress, problem: `Lark refused ${planner.noun}: ${failure.msg} (code ${failure.code})` },
      deps,
    );
    return;
  }
  if (pass.kind === 'stop') {
    await finishRequest(stored, pass.state, pass.change, deps);
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
