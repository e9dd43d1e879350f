import type { Command } from 'commander';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import type { EmulatorOptions } from '../../emulator/emulator-options.js';
import { loadEmulatorOptionsFile } from '../../emulator/load-emulator-options-file.js';
import { type EmulatorSeed, loadSeedFile, SeedError } from '../../emulator/seed.js';
import { describePortInUse, isPortInUse } from '../platform/is-port-in-use.js';
import { EXIT } from './exit-codes.js';
import { parsePort } from './parse-port.js';

/** `larkgate emulator --port <p> --seed <file>`: a local Lark Open Platform for tests, the demo and people. */
export function registerEmulatorCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('emulator')
    .description('run the Lark emulator (token, Base, IM and bot APIs, event pushes, card callbacks)')
    .requiredOption('--seed <file>', 'seed file (YAML): app, bot URLs, users, chats, bases')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to listen on (loopback by default)', '127.0.0.1')
    .option('--no-rate-limits', 'turn off the documented per-endpoint rate limits')
    .option('--event-url <url>', "where event pushes go (overrides the seed's bot.event_url)")
    .option('--card-url <url>', "where card callbacks go (overrides the seed's bot.card_url)")
    .option(
      '--options <file>',
      'JSON file of tunables: rateLimitOverrides, batchLimits, writeConflicts, eventRetryScheduleMs, … (docs/emulator.md)',
    )
    .action(
      async (opts: {
        seed: string;
        port: string;
        host: string;
        rateLimits: boolean;
        eventUrl?: string;
        cardUrl?: string;
        options?: string;
      }) => {
        const port = parsePort(opts.port);
        if (port === undefined) {
          process.stderr.write(
            `larkgate emulator: --port must be a whole number from 0 to 65535, got "${opts.port}"\n`,
          );
          setExit(EXIT.usage);
          return;
        }
        let tunables: EmulatorOptions = {};
        if (opts.options !== undefined) {
          try {
            tunables = await loadEmulatorOptionsFile(opts.options);
          } catch (error) {
            process.stderr.write(`larkgate emulator: ${firstLine(error)}\n`);
            setExit(EXIT.usage);
            return;
          }
        }
        let seed: EmulatorSeed;
        let emulator: Emulator;
        try {
          seed = await loadSeedFile(opts.seed);
          // The flags win over the options file: --no-rate-limits, --event-url, --card-url.
          emulator = await startEmulator(seed, {
            ...tunables,
            port,
            host: opts.host,
            rateLimits: opts.rateLimits && tunables.rateLimits !== false,
            ...(opts.eventUrl ? { eventUrl: opts.eventUrl } : {}),
            ...(opts.cardUrl ? { cardUrl: opts.cardUrl } : {}),
          });
        } catch (error) {
          // One line, no stack: a bad seed is a config error (exit 2); anything else (the port is taken) exit 1.
          const message = firstLine(error);
          if (error instanceof SeedError) {
            const named = message.startsWith(opts.seed) ? message : `${opts.seed}: ${message}`;
            process.stderr.write(`larkgate emulator: ${named}\n`);
            setExit(EXIT.usage);
          } else if (isPortInUse(error)) {
            process.stderr.write(
              `larkgate emulator: ${describePortInUse(error)}: pick another --port (0 picks a free one)\n`,
            );
            setExit(EXIT.usage);
          } else {
            process.stderr.write(`larkgate emulator: cannot start on ${opts.host}:${port}: ${message}\n`);
            setExit(EXIT.failure);
          }
          return;
        }
        process.stdout.write(`${JSON.stringify({ ready: true, emulator: emulator.url })}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await emulator.close();
      },
    );
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
