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
  // The request as this step last stored it: each save compares against it, so a run of saves (one per
  // written chunk) does not read the request back before each one.
  let current = stored;
  let finished = false;
  const context: StepContext<R> = {
    get stored() {
      return current;
    },
    request,
    execution,
    deps,
    memo,
    save: async (change) => {
      current = await saveStep(current, change, deps);
    },
    finish: async (state, change) => {
      finished = true;
      await finishRequest(current, state, change, deps);
    },
    writing: async (run) => {
      try {
        return await run();
      } catch (error) {
        throw new InterruptedWrite(error);
      }
    },
  };
  await step(planner, context);
  // What the next step may start from without reading the request again; after a finish, nothing.
  return finished ? null : current;
}

async function step<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
): Promise<void> {
  switch (context.execution.step) {
    case 'consumed':
      return backUp(planner, context);
    case 'backed_up':
      await context.save({ step: 'writing' });
      return;
    case 'writing':
      return write(planner, context);
    case 'written': {
      const { ok, mismatches } = await planner.verify(context);
      await context.finish(ok ? 'applied' : 'verify_failed', {
        step: 'verified',
        verification: { ok, mismatches },
      });
      return;
    }
    case 'verified':
      await context.finish('applied', {});
      return;
  }
}

/** Re-read (stale → stop), then back up the before-state, audited as `backup.created`. */
async function backUp<R extends GovernedRequest>(
  planner: LiveOpPlanner<R>,
  context: StepContext<R>,
): Promise<void> {
  const { request, deps } = context;
  const prepared = await planner.prepare(context);
  if (prepared.kind === 'stop') {
    await context.finish(prepared.state, { problem: prepared.problem });
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
    await context.finish('failed', {
      ...progress,
      problem: `Lark refused ${planner.noun}: ${failure.msg} (code ${failure.code})`,
    });
    return;
  }
  if (pass.kind === 'stop') {
    await context.finish(pass.state, pass.change);
    return;
  }
  if (pass.kind === 'again') {
    await context.save(pass.change);
    return;
  }
  await deps.audit({ type: 'op.applied', actor: 'worker', requestId: request.id, details: pass.details });
  await context.save({ step: 'written', ...pass.change });
}

/** A failure inside `writing`: unwrapped by `write`, which decides what it means. */
class InterruptedWrite extends Error {
  constructor(readonly error: unknown) {
    super('a live-op write was interrupted');
  }
}
