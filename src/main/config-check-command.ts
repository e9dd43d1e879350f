import type { Command } from 'commander';
import { checkConfig } from './check-config.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { CONFIG_GROUP_DESCRIPTION } from './config-group-description.js';
import { EXIT } from './exit-codes.js';

/**
 * `larkgate config check --config <file> [--skip-secrets] [--json]`: every problem that would stop `serve`
 * or `worker` at start, named by key, plus warnings; nothing is started, no Lark or Redis call is made.
 * Exit 0 when there is no problem (warnings allowed), 2 when there is one.
 */
export function registerConfigCheckCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  const group =
    program.commands.find((command) => command.name() === 'config') ??
    program.command('config').description(CONFIG_GROUP_DESCRIPTION);
  group
    .command('check')
    .description('validate a config without starting anything: schema, policy, secrets, keys, folders')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--skip-secrets', 'do not resolve secret:// references (check the config on another machine)')
    .option('--json', 'print the findings as JSON')
    .action(async (opts: { config: string; skipSecrets?: boolean; json?: boolean }) => {
      const findings = await checkConfig(opts.config, {
        env: process.env,
        ...(opts.skipSecrets ? { skipSecrets: true } : {}),
      });
      const problems = findings.filter((finding) => finding.level === 'problem');
      if (opts.json) {
        output.out(`${JSON.stringify({ ok: problems.length === 0, findings })}\n`);
      } else {
        for (const finding of findings) {
          output.out(
            `${finding.level === 'problem' ? 'PROBLEM' : 'warning'}  ${finding.key || '(top level)'}: ${finding.message}\n`,
          );
        }
        const warnings = findings.length - problems.length;
        output.out(
          problems.length === 0
            ? `${opts.config}: OK${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`
            : `${opts.config}: ${problems.length} problem${problems.length === 1 ? '' : 's'}: serve and worker would not start\n`,
        );
      }
      setExit(problems.length === 0 ? EXIT.ok : EXIT.usage);
    });
}
