import { deriveRequestId } from '../../domain/derive-request-id.js';
import { SCHEMA_SHAPES } from '../../domain/evaluate-readiness.js';
import { inEnglish } from '../../domain/i18n/message.js';
import { parseCommand } from '../../domain/parse-command.js';
import { planSchema } from '../../domain/plan-schema.js';
import { ambiguousMatches, matchTable } from '../requests/create-table-resolver.js';
import { readGuardEvidence } from '../requests/read-guard-evidence.js';
import { auditDrillDecision } from './audit-drill-decision.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';
import { DRILL_RUNNER } from './drill-runner.js';
import type { EvidenceDrillReceipt } from './evidence-drill-receipt.js';
import { recordEvidenceDrill } from './record-evidence-drill.js';
import { requireSchemaGateway } from './require-schema-gateway.js';
import { runGovernedDrillStep } from './run-governed-drill-step.js';
import { startEvidenceDrill } from './start-evidence-drill.js';
import { tearDownDrillTable } from './tear-down-drill-table.js';

/** The schema shapes the schema drill runs, in order: every one readiness gate 4 needs verified. */
export const SCHEMA_DRILL_STEPS = SCHEMA_SHAPES;

/**
 * The schema drill (readiness gate 4), unattended and only on the sandbox: on a fresh temp table
 * (`tmp_schema_<id>`), every schema shape in turn (table create, field create, field update, field
 * delete, table delete), each through the governed path a person's schema change takes: the real chat
 * grammar and schema planner, the guard's `request-schema` (the drill runner as a system actor), a stored
 * request with its diff card in the drills chat, the drill runner's own approval (guard `drill-approve`:
 * a drill's pending request on a temp table of a staging L0 base), and the live op (back up, change,
 * read back, verified). The table is deleted by the last step, or torn down if the drill stopped earlier.
 * Audited as `drill.passed` / `drill.failed` with `drill: schema`.
 */
export async function runSchemaDrill(
  input: { base?: string },
  deps: DrillDeps,
): Promise<EvidenceDrillReceipt> {
  const { chat } = deps;
  const start = await startEvidenceDrill('schema', input, deps);
  const { receipt, base } = start;
  let tableId: string | null = null;
  try {
    if (!base) throw new DrillProblem(start.problem ?? 'no staging base to drill on');
    const schema = requireSchemaGateway(deps);
    const table = `${base.tempTablePrefix}schema_${receipt.drillId}`;
    receipt.table = table;
    const target = `${base.alias}/${table}`;
    const commands: Record<(typeof SCHEMA_DRILL_STEPS)[number], string> = {
      'table.create': `table-create ${target} Name:text Points:number`,
      'field.create': `field-create ${target} Stage select options=Open,Done`,
      'field.update': `field-update ${target} Stage name=Phase options=Open,Done,Archived`,
      'field.delete': `field-delete ${target} Phase`,
      'table.delete': `table-delete ${target}`,
    };
    for (const step of SCHEMA_DRILL_STEPS) {
      const parsed = parseCommand(commands[step]);
      if (!parsed.ok) throw new DrillProblem(`the drill's ${step} does not parse: ${parsed.error}`);
      const command = parsed.command;
      if (!('target' in command) || command.kind === 'get' || command.kind === 'search')
        throw new DrillProblem(`${step} is not a schema command`);
      const tables = await schema.listTables(base.appToken);
      const resolved = matchTable(tables, table);
      const fields = resolved.table ? await schema.listFieldSpecs(base.appToken, resolved.table.tableId) : [];
      const planned = planSchema({
        command: command as Parameters<typeof planSchema>[0]['command'],
        base: { alias: base.alias, appToken: base.appToken },
        tables,
        fields,
      });
      if (!planned.ok) throw new DrillProblem(`${step} could not be planned: ${inEnglish(planned.error)}`);
      const requestId = deriveRequestId(`drill:${receipt.drillId}:${step}`);
      const asked = await auditDrillDecision(
        chat,
        chat.decide(
          {
            action: 'request-schema',
            actor: DRILL_RUNNER,
            chatId: null,
            chatType: null,
            base: base.alias,
            table: resolved.table?.name ?? table,
            ...ambiguousMatches(resolved),
            op: step,
            recordCount: 0,
          },
          { policy: chat.policy(), now: chat.clock(), evidence: await readGuardEvidence(chat) },
        ),
        { action: 'request-schema', op: step, base: base.alias, table, drill_id: receipt.drillId },
        requestId,
      );
      if (!asked.allow) throw new DrillProblem(asked.denials.map((denial) => denial.message).join('; '));
      receipt.requests[step] = await runGovernedDrillStep(requestId, planned.plan, base, start, deps);
      if (step === 'table.create')
        tableId = (await schema.listTables(base.appToken)).find((t) => t.name === table)?.tableId ?? null;
      if (step === 'table.delete') tableId = null;
    }
    receipt.passed = true;
  } catch (error) {
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base && chat.schema) {
      const torn = await tearDownDrillTable(chat.schema, base.appToken, tableId);
      if (!torn.ok) receipt.problem ??= `the temp table could not be torn down: ${torn.problem}`;
    }
  }
  await recordEvidenceDrill(receipt, start, deps);
  return receipt;
}
