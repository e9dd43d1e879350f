import { runAuditVerifyCommand } from '../../src/main/audit-verify-command.js';

/** Runs `larkgate audit verify <args>` in-process through commander; returns the exit code and output. */
export function runAuditVerify(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return runAuditVerifyCommand(args);
}
