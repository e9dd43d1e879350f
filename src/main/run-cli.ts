import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { registerCommands } from './register-commands.js';

/** Parses argv and runs one command; returns the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('larkgate')
    .description('Governed writes to Lark Base from chat')
    .exitOverride()
    .showHelpAfterError('(run larkgate --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode: number = EXIT.ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; any other parse problem is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
