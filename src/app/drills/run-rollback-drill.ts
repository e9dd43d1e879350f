import { createHash, randomBytes } from 'node:crypto';
import { inertChatText } from '../../domain/chat-text.js';
import { deriveRequestId } from '../../domain/derive-request-id.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import { type BasePolicy, findBase } from '../../domain/policy.js';
import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';
import { askForRollback } from '../requests/ask-for-rollback.js';
import { openRequest } from '../requests/open-request.js';
import { readGuardEvidence } from '../requests/read-guard-evidence.js';
import { RetryLater } from '../retry-later.js';
import { approveAsDrill } from './approve-as-drill.js';
import { auditDrillDecision } from './audit-drill-decision.js';
import { buildDrillChangePlan } from './build-drill-change-plan.js';
import { buildDrillFields, buildDrillSeed } from './build-drill-seed.js';
import { canonicalRecords } from './canonical-records.js';
import { createDrillTable } from './create-drill-table.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';
import type { DrillReceipt } from './drill-receipt.js';
import { DRILL_RUNNER } from './drill-runner.js';
import { findFirstDifference } from './find-first-difference.js';
import { readDrillRecords } from './read-drill-records.js';
import { recordRollbackDrill } from './record-rollback-drill.js';
import { retryRateLimited } from './retry-rate-limited.js';
import { runToFinal } from './run-to-final.js';
import { seedDrillRecords } from './seed-drill-records.js';
import { tearDownDrillTable } from './tear-down-drill-table.js';

/**
 * One rollback drill (docs/product.md §2 step 7, §4): on the sandbox (a staging L0 base), create a temp table
 * `tmp_drill_<id>`, seed marked records, make a governed change (a drill-origin request, approved by the
 * drill runner itself: guard `drill-approve`, an audited artefact), let the worker path back it up and
 * write it, roll it back through the same path, and compare the canonical JSON of every record before the
 * change and after the rollback, byte for byte. The table is torn down whatever happened. The receipt is
 * audited (`drill.passed` / `drill.failed`) and posted to the drills chat; a failure also alerts on-call.
 * Never throws for a failed drill (only when the audit itself cannot record): it returns the receipt.
 */
export async function runRollbackDrill(
  input: {
    base?: string;
    trigger: string;
    /** Told as each step starts (done: steps finished of the five) and once at the end: a CLI progress line. */
    onStep?: (step: string, done: number, total: number) => void;
  },
  deps: DrillDeps,
): Promise<DrillReceipt> {
  const { chat } = deps;
  const step = (name: (typeof DRILL_STEPS)[number]) =>
    input.onStep?.(`rollback drill: ${name}`, DRILL_STEPS.indexOf(name), DRILL_STEPS.length);
  const started = chat.clock();
  const drillId = `d${started.toString(36)}${randomBytes(3).toString('hex')}`;
  const policy = chat.policy();
  const alias = input.base ?? policy.bases.find((base) => base.staging)?.alias ?? '(no staging base)';
  const receipt: DrillReceipt = {
    passed: false,
    drillId,
    base: alias,
    table: null,
    requestId: null,
    rollbackId: null,
    durationMs: 0,
    records: 0,
    beforeSha256: null,
    afterSha256: null,
    problem: null,
  };
  const drillsChat = policy.drillsChat ?? policy.auditChat;
  let startMessage: string | null = null;
  let tableId: string | null = null;
  const base = findBase(policy, alias);
  try {
    const allowed = await auditDrillDecision(
      chat,
      chat.decide({ action: 'drill', actor: DRILL_RUNNER, base: alias }, { policy, now: started }),
      { action: 'drill', base: alias, drill_id: drillId },
    );
    if (!allowed.allow) throw new DrillProblem(allowed.denials.map((denial) => denial.message).join('; '));
    const sandbox = base as BasePolicy;
    const marker = sandbox.marker as { field: string; value: string };
    const schema = chat.schema;
    if (!schema) throw new DrillProblem('this process cannot change schemas (no schema gateway)');
    receipt.table = `${sandbox.tempTablePrefix}drill_${drillId}`;
    const title = `🧪 Rollback drill ${drillId} on ${alias} (${input.trigger}): ${receipt.table}`;
    startMessage = (
      await retryRateLimited(() =>
        chat.chat.sendText(drillsChat, inertChatText(title), { uuid: `drill-${drillId}-start` }),
      )
    ).messageId;
    const source = startMessage;

    // 1. The temp table and its marked records (set-up, guarded by the drill decision above).
    step('temp table');
    tableId = await createDrillTable(schema, sandbox.appToken, receipt.table, buildDrillFields(marker));
    const fields = await chat.reader.listFields(sandbox.appToken, tableId);
    const seed = buildDrillSeed(marker);
    await seedDrillRecords(deps, sandbox.appToken, tableId, fields, seed, drillId);
    const before = await readDrillRecords(chat, sandbox.appToken, tableId, fields);
    if (before.size !== seed.length)
      throw new DrillProblem(`seeded ${seed.length} records, read back ${before.size}`);
    receipt.records = before.size;
    const beforeJson = canonicalRecords(before);
    receipt.beforeSha256 = sha256(beforeJson);

    // 2. The governed change: an update of every seeded record, through the guard, backup, write, verify.
    step('governed change');
    const plan = buildDrillChangePlan(sandbox, { id: tableId, name: receipt.table }, fields, before, marker);
    const requestId = deriveRequestId(`drill:${drillId}:change`);
    receipt.requestId = requestId;
    const asked = await auditDrillDecision(
      chat,
      chat.decide(
        {
          action: 'request-write',
          actor: DRILL_RUNNER,
          chatId: null,
          chatType: null,
          base: alias,
          table: receipt.table,
          op: 'update',
          recordCount: plan.changes.length,
        },
        { policy, now: chat.clock(), evidence: await readGuardEvidence(chat) },
      ),
      { action: 'request-write', op: 'update', base: alias, table: receipt.table, drill_id: drillId },
      requestId,
    );
    if (!asked.allow) throw new DrillProblem(asked.denials.map((denial) => denial.message).join('; '));
    // Idempotent per request id: after a chat rate limit, a retry stores nothing twice and resends the card.
    await retryRateLimited(() =>
      openRequest(
        {
          requestId,
          plan,
          origin: { kind: 'drill', drillId },
          base: sandbox,
          requester: DRILL_ACTOR,
          chatId: drillsChat,
          sourceMessageId: source,
          details: { drill_id: drillId },
        },
        chat,
      ),
    );
    await approveAsDrill(requestId, deps);
    const changed = await runToFinal(requestId, deps);
    if (changed.state !== 'applied') {
      throw new DrillProblem(
        `the governed change ended ${changed.state}: ${changed.execution?.problem ?? 'no reason recorded'}`,
      );
    }

    // 3. The rollback, prepared and run exactly as a person's would be.
    step('rollback');
    const rollback = await retryRateLimited(() =>
      askForRollback(
        {
          requestId,
          requester: DRILL_ACTOR,
          chatId: drillsChat,
          chatType: 'group',
          sourceMessageId: source,
          triggerId: `drill-${drillId}`,
        },
        chat,
        { drillId },
      ),
    );
    if (!rollback.ok || !rollback.requestId)
      throw new DrillProblem(`the rollback was not prepared: ${rollback.text}`);
    receipt.rollbackId = rollback.requestId;
    await approveAsDrill(rollback.requestId, deps);
    const rolledBack = await runToFinal(rollback.requestId, deps);
    if (rolledBack.state !== 'applied') {
      throw new DrillProblem(
        `the rollback ended ${rolledBack.state}: ${rolledBack.execution?.problem ?? 'no reason recorded'}`,
      );
    }

    // 4. Byte-for-byte: every record after the rollback, as canonical JSON, equals the before-state.
    step('compare');
    const after = await readDrillRecords(chat, sandbox.appToken, tableId, fields);
    const afterJson = canonicalRecords(after);
    receipt.afterSha256 = sha256(afterJson);
    if (afterJson !== beforeJson) {
      throw new DrillProblem(
        `after the rollback the records differ from before: ${findFirstDifference(before, after)}`,
      );
    }
    receipt.passed = true;
  } catch (error) {
    if (!(error instanceof DrillProblem) && !LarkCallFailed.of(error) && !(error instanceof RetryLater)) {
      chat.logger.error({ drillId, err: (error as Error).message }, 'rollback drill crashed');
    }
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base) {
      step('tear down');
      const torn = await tearDownDrillTable(chat.schema as SchemaGateway, base.appToken, tableId);
      if (!torn.ok && receipt.passed) {
        receipt.passed = false;
        receipt.problem = `the temp table could not be torn down: ${torn.problem}`;
      }
    }
  }
  receipt.durationMs = chat.clock() - started;
  await recordRollbackDrill(receipt, drillsChat, startMessage, deps);
  input.onStep?.('rollback drill: recorded', DRILL_STEPS.length, DRILL_STEPS.length);
  return receipt;
}

/** The drill's steps, in order, as its progress line names them. */
const DRILL_STEPS = ['temp table', 'governed change', 'rollback', 'compare', 'tear down'] as const;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
