import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { compareScopes, type ScopeComparison } from '../domain/compare-scopes.js';
import { deriveLarkScopes } from '../domain/derive-lark-scopes.js';
import { showOnTerminal } from '../domain/show-on-terminal.js';
import { isWriteEndpoint } from '../lark/is-write-endpoint.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { larkCommandGroup } from './lark-command-group.js';
import { runDiscovery } from './run-discovery.js';

/** Asked for by `larkgate lark chats` only; optional. */
const DISCOVERY_SCOPES = ['im:chat:readonly'];

export type WhoamiReport = {
  appId: string;
  domain: string;
  bot: { name: string; openId: string; active: boolean | null };
  /** null when the config does not load yet, so what it needs is unknown. */
  scopes: (ScopeComparison & { optional: ScopeComparison['needed'] }) | null;
  granted: string[];
  notGranted: string[];
  configProblem?: string;
};

/**
 * `larkgate lark whoami --config <file> [--json]`: which app the config reaches, the bot's name and
 * open_id, and the scopes granted against those this config needs (`larkgate iam`). Exit 1 when a needed
 * scope is missing, so a set-up script can stop there.
 */
export function registerLarkWhoamiCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  larkCommandGroup(program)
    .command('whoami')
    .description('show the app and bot the config reaches, and its scopes granted vs. needed')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      await runDiscovery('whoami', opts.config, output, setExit, async ({ app, gateway }) => {
        const bot = await gateway.getBotInfo();
        const scopes = await gateway.listScopes();
        const granted = scopes.filter((scope) => scope.granted).map((scope) => scope.scope);
        const report: WhoamiReport = {
          appId: app.appId,
          domain: app.domain,
          bot: {
            name: bot.appName,
            openId: bot.openId,
            active: bot.activateStatus === null ? null : bot.activateStatus === 2,
          },
          scopes: null,
          granted,
          notGranted: scopes.filter((scope) => !scope.granted).map((scope) => scope.scope),
        };
        try {
          const loaded = await loadConfig(opts.config);
          const plan = deriveLarkScopes({
            policy: loaded.policy,
            endpoints: loaded.endpoints.endpoints.map((endpoint) => ({
              id: endpoint.id,
              method: endpoint.method,
              usedBy: endpoint.used_by,
              write: isWriteEndpoint(endpoint),
            })),
          });
          const needed = plan.grant.map((grant) => grant.scope);
          const comparison = compareScopes([...needed, ...DISCOVERY_SCOPES], granted);
          report.scopes = {
            needed: comparison.needed.filter((check) => needed.includes(check.scope)),
            optional: comparison.needed.filter((check) => !needed.includes(check.scope)),
            extra: comparison.extra,
          };
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          report.configProblem = error.message;
        }
        output.out(opts.json ? `${JSON.stringify(report)}\n` : toText(report));
        const missing = report.scopes?.needed.some((check) => check.status === 'missing') ?? false;
        return missing ? EXIT.failure : EXIT.ok;
      });
    });
}

function toText(report: WhoamiReport): string {
  const lines = [
    `App ${report.appId} on ${report.domain}`,
    `Bot ${showOnTerminal(report.bot.name)}, open_id ${report.bot.openId}${
      report.bot.active === false ? ' (bot not activated: enable the bot feature and publish a version)' : ''
    }`,
  ];
  if (report.scopes === null) {
    lines.push('', 'Scopes granted:', ...report.granted.map((scope) => `  ${scope}`));
    lines.push(
      '',
      `What this config needs is unknown until it loads (run larkgate config check): ${report.configProblem ?? ''}`,
    );
    return `${lines.join('\n')}\n`;
  }
  const show = (check: { scope: string; status: string; via?: string }) =>
    `  ${check.status === 'granted' ? 'ok     ' : 'MISSING'}  ${check.scope}${check.via ? ` (through ${check.via})` : ''}`;
  lines.push('', 'Scopes this config needs (larkgate iam):', ...report.scopes.needed.map(show));
  lines.push('', 'Optional (larkgate lark chats):', ...report.scopes.optional.map(show));
  if (report.scopes.extra.length > 0) {
    lines.push('', 'Granted but not needed (remove them: least privilege):');
    lines.push(...report.scopes.extra.map((scope) => `  ${scope}`));
  }
  if (report.notGranted.length > 0) {
    lines.push('', 'Asked for, waiting for an admin to approve:', ...report.notGranted.map((s) => `  ${s}`));
  }
  if (report.scopes.needed.some((check) => check.status === 'missing')) {
    lines.push(
      '',
      'Add the missing scopes (developer console → Permissions & Scopes), publish a new version and have it approved.',
    );
  }
  return `${lines.join('\n')}\n`;
}
