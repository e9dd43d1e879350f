import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { runWithRuntime } from './run-with-runtime.js';
import { startWorker } from './start-worker.js';

/** `larkgate worker --config <file>`: the BullMQ workers (chat intake, live ops, sweeper). */
export function registerWorkerCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run the BullMQ workers: chat intake, one live-op queue per base, the sweeper')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option(
      '--lock-duration <ms>',
      "BullMQ lock: a dead worker's job is taken over after about this long",
      '30000',
    )
    .option('--stalled-interval <ms>', 'how often to look for jobs whose worker died', '30000')
    .action(async (opts: { config: string; lockDuration: string; stalledInterval: string }) => {
      const lockDurationMs = parseMs(opts.lockDuration);
      const stalledIntervalMs = parseMs(opts.stalledInterval);
      if (lockDurationMs === undefined || stalledIntervalMs === undefined) {
        process.stderr.write(
          'larkgate worker: --lock-duration and --stalled-interval are milliseconds from 1000 to 600000\n',
        );
        setExit(EXIT.usage);
        return;
      }
      // Test seam for the crash tests: SIGKILL this worker right after the named step of a live op's finish
      // (audited, stored, card, audit_line, rolled_back), as a crash there would.
      const killAt = process.env.LARKGATE_TEST_KILL_AT;
      await runWithRuntime('worker', opts.config, setExit, (runtime) =>
        startWorker(runtime, {
          lockDurationMs,
          stalledIntervalMs,
          ...(killAt
            ? {
                onFinishStep: (step) => {
                  if (step === killAt) process.kill(process.pid, 'SIGKILL');
                },
              }
            : {}),
        }),
      );
    });
}

function parseMs(text: string): number | undefined {
  if (!/^\d{4,6}$/.test(text)) return undefined;
  const ms = Number(text);
  return ms >= 1_000 && ms <= 600_000 ? ms : undefined;
}
