import { Command, CommanderError } from 'commander';
import { COMMAND_MANIFEST, type CommandEntry } from './command-manifest.js';
import { EXIT } from './exit-codes.js';

/**
 * Parses argv and runs one command; returns the process exit code. Only the named command's module is
 * loaded (`--help` loads none: it lists the manifest); a name the manifest lacks (`help`, a typo, a
 * command registered only in register-commands.ts) loads every command, as before.
 */
export async function runCli(
  argv: readonly string[],
  manifest: readonly CommandEntry[] = COMMAND_MANIFEST,
): Promise<number> {
  const program = new Command('larkgate')
    .description('Governed writes to Lark Base from chat')
    .exitOverride()
    .showHelpAfterError('(run larkgate --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const name = argv[2];
  const named = manifest.filter((entry) => entry.name === name);
  if (named.length > 0) {
    for (const entry of named) (await entry.load())(program, setExit);
  } else if (name === undefined || name === '--help' || name === '-h') {
    for (const entry of manifest) {
      if (!program.commands.some((command) => command.name() === entry.name)) {
        program.command(entry.name).description(entry.description);
      }
    }
  } else {
    (await import('./register-commands.js')).registerCommands(program, setExit);
  }
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
