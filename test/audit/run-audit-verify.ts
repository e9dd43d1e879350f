import { Command } from 'commander';
import { registerAuditVerifyCommand } from '../../src/main/audit-verify-command.js';

/** Runs `larkgate audit verify <args>` in-process through commander; returns the exit code and output. */
export async function runAuditVerify(
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('larkgate').exitOverride();
  let code = -1;
  const out: string[] = [];
  const err: string[] = [];
  registerAuditVerifyCommand(
    program,
    (exit) => {
      code = exit;
    },
    {
      out: (text) => {
        out.push(text);
      },
      err: (text) => {
        err.push(text);
      },
    },
  );
  await program.parseAsync(['audit', 'verify', ...args], { from: 'user' });
  return { code, out: out.join(''), err: err.join('') };
}
