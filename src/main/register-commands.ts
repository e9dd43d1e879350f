import type { Command } from 'commander';
import { registerAuditVerifyCommand } from './audit-verify-command.js';
import { registerBackupDecryptCommand } from './backup-decrypt-command.js';
import { registerConfigCheckCommand } from './config-check-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDrillCommand } from './drill-command.js';
import { registerDrillOutageCommand } from './drill-outage-command.js';
import { registerDrillRotateSecretsCommand } from './drill-rotate-secrets-command.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerIamCommand } from './iam-command.js';
import { registerInitCommand } from './init-command.js';
import { registerLarkBaseCommand } from './lark-base-command.js';
import { registerLarkChatsCommand } from './lark-chats-command.js';
import { registerLarkWhoamiCommand } from './lark-whoami-command.js';
import { registerMcpCommand } from './mcp-command.js';
import { registerProbesCommand } from './probes-command.js';
import { registerPromoteCommand } from './promote-command.js';
import { registerReadinessCommand } from './readiness-command.js';
import { registerRollbackCommand } from './rollback-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTourCommand } from './tour-command.js';
import { registerWorkerCommand } from './worker-command.js';

/** Each command file adds itself here; `setExit` records the command's exit code. */
export function registerCommands(program: Command, setExit: (code: number) => void): void {
  registerServeCommand(program, setExit);
  registerWorkerCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerEmulatorCommand(program, setExit);
  registerAuditVerifyCommand(program, setExit);
  registerBackupDecryptCommand(program, setExit);
  registerRollbackCommand(program, setExit);
  registerTourCommand(program, setExit);
  registerProbesCommand(program, setExit);
  registerDrillRotateSecretsCommand(program, setExit);
  registerDrillOutageCommand(program, setExit);
  registerDrillCommand(program, setExit);
  registerReadinessCommand(program, setExit);
  registerPromoteCommand(program, setExit);
  registerIamCommand(program, setExit);
  registerMcpCommand(program, setExit);
  registerLarkChatsCommand(program, setExit);
  registerLarkBaseCommand(program, setExit);
  registerLarkWhoamiCommand(program, setExit);
  registerInitCommand(program, setExit);
  registerConfigCheckCommand(program, setExit);
}
