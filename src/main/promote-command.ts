import type { Command } from 'commander';
import { type PromoteDeps, type PromotionOutcome, promoteBase } from '../app/evidence/promote-base.js';
import { POLICY_PIN_ENV } from '../config/check-policy-pin.js';
import { ConfigError } from '../config/config-error.js';
import { createPolicyFile } from '../config/create-policy-file.js';
import { STAGES, type Stage } from '../domain/tiers.js';
import { readEvidence } from '../evidence/read-evidence.js';
import { type CommandOutput, processOutput } from './command-output.js';
import type { Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

/** Promote's deps from the runtime: its policy, audit log, the verified evidence and the config file. */
export function promoteDeps(runtime: Runtime): PromoteDeps {
  return {
    policy: () => runtime.policy.require(),
    clock: runtime.clock,
    audit: runtime.audit,
    readEvidence: () =>
      readEvidence({
        file: runtime.auditFile,
        stream: { redis: runtime.redis, key: runtime.loaded.config.audit.stream },
        hashKey: runtime.auditHashKey,
      }),
    policyFile: createPolicyFile(runtime.loaded.path),
  };
}

/**
 * `larkgate promote <base> <stage> --config <file> [--json]`: refuses a promotion the recorded evidence
 * does not support, naming the missing evidence (exit 1); otherwise writes the stage into the config and
 * audits it (exit 0). Moving down is always allowed.
 */
export function registerPromoteCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  program
    .command('promote')
    .description('move a base to another delivery stage, if the recorded evidence supports it')
    .argument('<base>', 'the base alias')
    .argument('<stage>', STAGES.join(' | '))
    .requiredOption('--config <file>', 'larkgate.yaml (edited in place, comments kept)')
    .option('--json', 'print the result as JSON')
    .action(async (alias: string, stage: string, opts: { config: string; json?: boolean }) => {
      if (!(STAGES as readonly string[]).includes(stage)) {
        output.err(`larkgate promote: the stage is one of ${STAGES.join(', ')}, not "${stage}"\n`);
        setExit(EXIT.usage);
        return;
      }
      await runOnce('promote', opts.config, setExit, async (runtime) => {
        let outcome: PromotionOutcome;
        try {
          outcome = await promoteBase(promoteDeps(runtime), alias, stage as Stage);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          output.err(`larkgate promote: ${error.message}\n`);
          return EXIT.usage;
        }
        if (outcome.kind === 'unknown_base') {
          const unknown = new ConfigError(
            runtime.loaded.path,
            'bases',
            `no base "${alias}" (known: ${outcome.known.join(', ')})`,
            'config.unknown_base',
          );
          output.err(`larkgate promote: ${unknown.message}\n`);
          return EXIT.usage;
        }
        if (opts.json) {
          output.out(`${JSON.stringify({ base: alias, ...outcome })}\n`);
        } else if (outcome.kind === 'refused') {
          output.out(
            `Refused: ${alias} stays ${outcome.from}. Moving it to ${outcome.to} needs evidence that is not on record:\n${outcome.missing.map((line) => `  ✗ ${line}`).join('\n')}\n`,
          );
        } else {
          const pinned = process.env[POLICY_PIN_ENV]
            ? `\n${POLICY_PIN_ENV} is set: pin the new policy (${outcome.hash}) or the running processes will stop serving it.`
            : '';
          output.out(
            `${outcome.direction === 'promote' ? 'Promoted' : 'Moved down'}: ${alias} ${outcome.from} → ${outcome.to} in ${runtime.loaded.path} (policy ${outcome.hash.slice(0, 12)}…), recorded as stage.promoted.${outcome.cites.length > 0 ? `\nEvidence: ${outcome.cites.join('; ')}` : ''}\nRunning serve and worker processes reload it (file change or SIGHUP).${pinned}\n`,
          );
        }
        return outcome.kind === 'promoted' ? EXIT.ok : EXIT.failure;
      });
    });
}
