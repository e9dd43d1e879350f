import { Command } from 'commander';
import type { CommandOutput } from '../../src/main/command-output.js';

export type Register = (program: Command, setExit: (code: number) => void, output: CommandOutput) => void;

/** Runs one CLI command as `larkgate <args…>` would, capturing its exit code, stdout and stderr. */
export async function runCommand(
  register: Register,
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  let out = '';
  let err = '';
  const program = new Command('larkgate').exitOverride();
  register(
    program,
    (value) => {
      code = value;
    },
    { out: (text) => (out += text), err: (text) => (err += text) },
  );
  await program.parseAsync(['node', 'larkgate', ...args]);
  return { code, out, err };
}
