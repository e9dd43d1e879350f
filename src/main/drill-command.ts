import type { Command } from 'commander';
import { runRollbackDrill } from '../app/drills/run-rollback-drill.js';
import { createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createDrillDeps } from './create-drill-deps.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

/**
 * `larkgate drill --once --config <file> [--base <alias>] [--json]` (also `larkgate drill rollback …`): one
 * rollback drill on the sandbox now — temp table, governed change, rollback, byte-for-byte check, tear
 * down — recorded as drill.passed / drill.failed and posted to the drills chat. Exit 0 passed, 1 failed.
 * The scheduled drill runs in `larkgate worker` (`drills:` in larkgate.yaml).
 */
export function registerDrillCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  /** Where the progress line of a drill goes: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  const drill =
    program.commands.find((command) => command.name() === 'drill') ??
    program.command('drill').description('rehearse what must work on a bad day, and record it as evidence');
  const rollback = drill
    .command('rollback')
    .description(
      'one rollback drill on the sandbox (temp table, governed change, rollback, byte-for-byte check); also `larkgate drill --once`',
    )
    .option('--once', 'run one drill now (scheduled drills run in larkgate worker)')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--base <alias>', 'the staging base (default: drills.base, else the first staging base)')
    .option('--json', 'print the receipt as JSON')
    .action(async (opts: { once?: boolean; config: string; base?: string; json?: boolean }) => {
      if (!opts.once) {
        output.err(
          'larkgate drill: add --once to run one drill now; scheduled drills run in larkgate worker (drills: in larkgate.yaml)\n',
        );
        setExit(EXIT.usage);
        return;
      }
      await runOnce('drill', opts.config, setExit, async (runtime) => {
        const base = opts.base ?? runtime.loaded.config.drills?.base;
        const progress = createCliProgress({
          output: terminal,
          json: opts.json === true,
          clock: runtime.clock,
        });
        const receipt = await runRollbackDrill(
          {
            ...(base ? { base } : {}),
            trigger: 'larkgate drill --once',
            onStep: (step, done, total) => progress.update(step, done, total),
          },
          await createDrillDeps(runtime),
        );
        progress.end();
        if (opts.json) {
          output.out(`${JSON.stringify(receipt)}\n`);
        } else {
          const lines = [
            `Rollback drill ${receipt.drillId} on ${receipt.base}: ${receipt.passed ? 'PASSED' : 'FAILED'} in ${(receipt.durationMs / 1000).toFixed(1)} s`,
            `  temp table  ${receipt.table ?? '—'} (${receipt.records} records, torn down)`,
            `  change      ${receipt.requestId ?? '—'}, rolled back by ${receipt.rollbackId ?? '—'}`,
            `  compared    before ${receipt.beforeSha256 ?? '—'}`,
            `              after  ${receipt.afterSha256 ?? '—'}`,
            ...(receipt.problem ? [`  problem     ${receipt.problem}`] : []),
            `Recorded as ${receipt.passed ? 'drill.passed' : 'drill.failed'}; the receipt is in the drills chat.`,
          ];
          output.out(`${lines.join('\n')}\n`);
        }
        return receipt.passed ? EXIT.ok : EXIT.failure;
      });
    });
  // `larkgate drill --once …` with no subcommand is the rollback drill; other drills are subcommands.
  drill
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_opts: unknown, command: Command) => {
      if (command.args.length === 0) {
        output.err(`${command.helpInformation()}\n`);
        setExit(EXIT.usage);
        return;
      }
      await rollback.parseAsync(command.args, { from: 'user' });
    });
}
