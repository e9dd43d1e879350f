import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { parsePort } from './parse-port.js';
import { runWithRuntime } from './run-with-runtime.js';
import { startServe } from './start-serve.js';

/** `larkgate serve --config <file> [--port <p>]`: the HTTP receiver for Lark events and card callbacks. */
export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('receive Lark events and card callbacks over HTTP (verify, de-duplicate, queue, vote)')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--port <port>', 'override server.port')
    .action(async (opts: { config: string; port?: string }) => {
      const port = opts.port === undefined ? undefined : parsePort(opts.port);
      if (opts.port !== undefined && port === undefined) {
        process.stderr.write(
          `larkgate serve: --port must be a whole number from 0 to 65535, got "${opts.port}"\n`,
        );
        setExit(EXIT.usage);
        return;
      }
      await runWithRuntime('serve', opts.config, setExit, (runtime) =>
        startServe(runtime, port === undefined ? {} : { port }),
      );
    });
}
