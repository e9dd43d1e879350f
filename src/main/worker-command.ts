import type { Command } from 'commander';
import { runWithRuntime } from './run-with-runtime.js';
import { startWorker } from './start-worker.js';

/** `larkgate worker --config <file>`: the BullMQ workers (chat intake, live ops, sweeper). */
export function registerWorkerCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run the BullMQ workers: chat intake, one live-op queue per base, the sweeper')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .action(async (opts: { config: string }) => {
      await runWithRuntime('worker', opts.config, setExit, (runtime) => startWorker(runtime));
    });
}
