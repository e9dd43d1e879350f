import type { Command } from 'commander';
import { recordReadTour, type TourDeps, type TourRecord } from '../app/evidence/record-read-tour.js';
import { createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { type CommandOutput, processOutput } from './command-output.js';
import type { Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { recordAgentTour } from './record-agent-tour.js';
import { runOnce } from './run-once.js';

/** The read tour's deps from the runtime: its policy, its Lark client, its audit log. */
export function tourDeps(runtime: Runtime): TourDeps {
  return {
    policy: () => runtime.policy.require(),
    reader: runtime.gateway,
    append: (input) => runtime.auditLog.append(input),
  };
}

/** The read tour on the runtime (`larkgate tour`, `readiness --run`). */
export function recordTour(
  runtime: Runtime,
  only?: readonly string[],
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<TourRecord> {
  return recordReadTour(tourDeps(runtime), only, onProgress);
}

/**
 * `larkgate tour --config <file> [--base <alias>…] [--json]`: reads every configured base and table
 * (app, tables, fields, a sample of records), checks them against policy, prints green or red per base
 * with reasons, and records the result as evidence (`tour.completed`). Exit 0 all green, 1 any red.
 */
export function registerTourCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  /** Where the progress line goes while the bases are read: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  program
    .command('tour')
    .description('read every configured base and table, check them against policy, record the result')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--base <alias...>', 'only these bases')
    .option('--json', 'print the result as JSON')
    .option('--agent <id>', 'read as this agent, through the MCP server (its bases only)')
    .action(async (opts: { config: string; base?: string[]; json?: boolean; agent?: string }) => {
      await runOnce('tour', opts.config, setExit, async (runtime) => {
        if (opts.agent !== undefined) {
          let tour: TourRecord;
          try {
            tour = await recordAgentTour(runtime, opts.agent);
          } catch (error) {
            output.err(`larkgate tour: ${(error as Error).message}\n`);
            return EXIT.failure;
          }
          output.out(opts.json ? `${JSON.stringify(toJson(tour))}\n` : toText(tour));
          return tour.green ? EXIT.ok : EXIT.failure;
        }
        const known = runtime.policy.require().bases.map((base) => base.alias);
        const unknown = (opts.base ?? []).filter((alias) => !known.includes(alias));
        if (unknown.length > 0) {
          output.err(`larkgate tour: no base ${unknown.join(', ')} in policy (known: ${known.join(', ')})\n`);
          return EXIT.usage;
        }
        const progress = createCliProgress({
          output: terminal,
          json: opts.json === true,
          clock: runtime.clock,
        });
        const tour = await recordTour(runtime, opts.base, (step, done, total) =>
          progress.update(step, done, total),
        );
        progress.end();
        output.out(opts.json ? `${JSON.stringify(toJson(tour))}\n` : toText(tour));
        return tour.green ? EXIT.ok : EXIT.failure;
      });
    });
}

function toJson(tour: TourRecord) {
  return {
    green: tour.green,
    bases: tour.results,
    recorded: { type: tour.event.type, chain: tour.event.chain, seq: tour.event.seq },
  };
}

export function toText(tour: TourRecord): string {
  const lines = [`Read tour: ${tour.green ? 'GREEN' : 'RED'} (${tour.results.length} base(s))`];
  for (const base of tour.results) {
    const tables = base.tables
      .map((table) =>
        table.tableId === null
          ? `${table.name} (missing)`
          : `${table.name} (${table.fields ?? '?'} fields, ${table.sampled ?? '?'} sampled)`,
      )
      .join(', ');
    lines.push(
      `  ${base.green ? 'GREEN' : 'RED  '} ${base.alias} (${base.tier}, ${base.stage})${base.appName ? ` "${base.appName}"` : ''}: ${tables || 'no tables read'}`,
    );
    for (const reason of base.reasons) lines.push(`        ✗ ${reason}`);
    for (const note of base.notes) lines.push(`        · ${note}`);
  }
  lines.push(`Recorded as evidence: tour.completed ${tour.event.chain}#${tour.event.seq}`);
  return `${lines.join('\n')}\n`;
}
