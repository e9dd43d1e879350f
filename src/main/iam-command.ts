import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { deriveLarkScopes, type ScopePlan } from '../domain/derive-lark-scopes.js';
import { isWriteEndpoint } from '../lark/is-write-endpoint.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';

/**
 * `larkgate iam --config <file> [--json]`: the minimal Lark scopes this config needs, per feature, for
 * the operator to grant in the developer console (and the document permission each Base needs). Reads
 * the config only: no secrets, no Redis, no Lark call. Exit 1 when an allowed endpoint has no known scope.
 */
export function registerIamCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  program
    .command('iam')
    .description('list the minimal Lark scopes this config needs, per feature')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      let plan: ScopePlan;
      try {
        const loaded = await loadConfig(opts.config);
        plan = deriveLarkScopes({
          policy: loaded.policy,
          endpoints: loaded.endpoints.endpoints.map((endpoint) => ({
            id: endpoint.id,
            method: endpoint.method,
            usedBy: endpoint.used_by,
            write: isWriteEndpoint(endpoint),
          })),
        });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        output.err(`larkgate iam: config error: ${error.message}\n`);
        setExit(EXIT.usage);
        return;
      }
      output.out(opts.json ? `${JSON.stringify(plan)}\n` : toText(plan));
      setExit(plan.unknown.length > 0 ? EXIT.failure : EXIT.ok);
    });
}

function toText(plan: ScopePlan): string {
  const width = Math.max(...plan.grant.map((grant) => grant.scope.length));
  const lines = ['Lark scopes this config needs (grant these and nothing else):'];
  for (const grant of plan.grant) {
    lines.push(
      `  ${grant.scope.padEnd(width)}  ${grant.confirmed ? '' : '(unconfirmed) '}for ${grant.why.join(', ')}`,
    );
  }
  lines.push('', 'Per feature (allowed_endpoints.yaml used_by):');
  for (const feature of plan.features) {
    lines.push(
      `  ${feature.feature}: ${feature.endpoints.map((e) => `${e.id} → ${e.scope ?? 'no scope'}`).join(', ')}`,
    );
  }
  if (plan.notNeeded.length > 0) {
    lines.push('', 'Allowed but not needed now:');
    for (const item of plan.notNeeded) lines.push(`  ${item.id}: ${item.why}`);
  }
  lines.push('', 'Each Base must also be shared with the app (document permission, not a scope):');
  for (const base of plan.bases) lines.push(`  ${base.alias}: ${base.access} (${base.why})`);
  if (plan.unknown.length > 0) {
    lines.push(
      '',
      `No known scope for: ${plan.unknown.join(', ')}: look these up in the Lark docs before granting anything.`,
    );
  }
  lines.push(
    '',
    '(unconfirmed): the scope is the documented family for this kind of call, not read on the endpoint’s own page: check it in the developer console.',
  );
  return `${lines.join('\n')}\n`;
}
