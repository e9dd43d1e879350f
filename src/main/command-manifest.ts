import type { Command } from 'commander';
import { CONFIG_GROUP_DESCRIPTION } from './config-group-description.js';
import { LARK_GROUP_DESCRIPTION } from './lark-command-group.js';

export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void;

/** One top-level command: its name and summary for `larkgate --help`, and how to load what registers it. */
export type CommandEntry = {
  name: string;
  description: string;
  load: () => Promise<RegisterCommand>;
};

/**
 * Every top-level command, loaded only when asked for: `larkgate --help` reads this list and imports no
 * command module, and `larkgate iam` imports iam's module and not the SDK, BullMQ and the rest that
 * `serve` needs. A group (`drill`) is listed once per module that adds a subcommand to it; the
 * descriptions are the ones the modules register (command-manifest.test.ts holds the two together).
 */
export const COMMAND_MANIFEST: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'receive Lark events and card callbacks over HTTP (verify, de-duplicate, queue, vote)',
    load: async () => (await import('./serve-command.js')).registerServeCommand,
  },
  {
    name: 'worker',
    description: 'run the BullMQ workers: chat intake, one live-op queue per base, the sweeper',
    load: async () => (await import('./worker-command.js')).registerWorkerCommand,
  },
  {
    name: 'demo',
    description:
      'run everything locally: private redis-server, the emulator with a demo organisation, the bot and the workers',
    load: async () => (await import('./demo-command.js')).registerDemoCommand,
  },
  {
    name: 'emulator',
    description: 'run the Lark emulator (token, Base, IM and bot APIs, event pushes, card callbacks)',
    load: async () => (await import('./emulator-command.js')).registerEmulatorCommand,
  },
  {
    name: 'audit',
    description: 'the tamper-evident audit log',
    load: async () => (await import('./audit-verify-command.js')).registerAuditVerifyCommand,
  },
  {
    name: 'backup',
    description: 'encrypted backups',
    load: async () => (await import('./backup-decrypt-command.js')).registerBackupDecryptCommand,
  },
  {
    name: 'rollback',
    description:
      'prepare the rollback of an applied request: a new request, shown in chat, that needs approval',
    load: async () => (await import('./rollback-command.js')).registerRollbackCommand,
  },
  {
    name: 'tour',
    description: 'read every configured base and table, check them against policy, record the result',
    load: async () => (await import('./tour-command.js')).registerTourCommand,
  },
  {
    name: 'probes',
    description: 'drive forbidden inputs through the real guard and handlers on an embedded emulator',
    load: async () => (await import('./probes-command.js')).registerProbesCommand,
  },
  {
    name: 'drill',
    description: 'rehearse what must work on a bad day, and record it as evidence',
    load: async () => (await import('./drill-rotate-secrets-command.js')).registerDrillRotateSecretsCommand,
  },
  {
    name: 'drill',
    description: 'rehearse what must work on a bad day, and record it as evidence',
    load: async () => (await import('./drill-outage-command.js')).registerDrillOutageCommand,
  },
  {
    name: 'drill',
    description: 'rehearse what must work on a bad day, and record it as evidence',
    load: async () => (await import('./drill-command.js')).registerDrillCommand,
  },
  {
    name: 'readiness',
    description: 'compute the acceptance gates from recorded evidence and write an evidence packet',
    load: async () => (await import('./readiness-command.js')).registerReadinessCommand,
  },
  {
    name: 'promote',
    description: 'move a base to another delivery stage, if the recorded evidence supports it',
    load: async () => (await import('./promote-command.js')).registerPromoteCommand,
  },
  {
    name: 'iam',
    description: 'list the minimal Lark scopes this config needs, per feature',
    load: async () => (await import('./iam-command.js')).registerIamCommand,
  },
  {
    name: 'mcp',
    description: 'serve the MCP tools to one agent over stdio (or: mcp pins)',
    load: async () => (await import('./mcp-command.js')).registerMcpCommand,
  },
  {
    name: 'lark',
    description: LARK_GROUP_DESCRIPTION,
    load: async () => (await import('./lark-chats-command.js')).registerLarkChatsCommand,
  },
  {
    name: 'lark',
    description: LARK_GROUP_DESCRIPTION,
    load: async () => (await import('./lark-base-command.js')).registerLarkBaseCommand,
  },
  {
    name: 'lark',
    description: LARK_GROUP_DESCRIPTION,
    load: async () => (await import('./lark-whoami-command.js')).registerLarkWhoamiCommand,
  },
  {
    name: 'init',
    description: 'write a starter larkgate.yaml and generate the backup and audit keys',
    load: async () => (await import('./init-command.js')).registerInitCommand,
  },
  {
    name: 'config',
    description: CONFIG_GROUP_DESCRIPTION,
    load: async () => (await import('./config-check-command.js')).registerConfigCheckCommand,
  },
];
