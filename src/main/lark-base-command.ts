import { join } from 'node:path';
import type { Command } from 'commander';
import { LarkApiLimits } from '../config/lark-api-limits.js';
import { parseConfigFile } from '../config/parse-config-file.js';
import { FIELD_TYPE_NAMES, isWritableField } from '../domain/cell-value.js';
import { parseBaseRef } from '../domain/parse-base-ref.js';
import { showOnTerminal } from '../domain/show-on-terminal.js';
import { createBaseGateway } from '../lark/create-base-gateway.js';
import { LarkApiError } from '../lark/lark-api-error.js';
import { findRepoDir } from '../platform/find-repo-dir.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { larkCommandGroup } from './lark-command-group.js';
import { runDiscovery } from './run-discovery.js';

export type BaseReport = {
  appToken: string;
  name: string;
  /** `write` null: the permission check itself failed (its error in `writeCheckError`). */
  access: { read: boolean; write: boolean | null; writeCheckError?: string };
  tables: Array<{
    tableId: string;
    name: string;
    fields: Array<{ name: string; type: number; typeName: string; primary: boolean; writable: boolean }>;
  }>;
};

/**
 * `larkgate lark base <url-or-app_token> --config <file> [--json]`: a Base's name, tables, fields and
 * field types, and whether the app may read and edit it, for `bases:` in larkgate.yaml. Exit 1 when the
 * app cannot read it (not shared with the app, wrong token, missing scope), with what to do.
 */
export function registerLarkBaseCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  larkCommandGroup(program)
    .command('base')
    .description("show a Base's tables, fields and types, and whether the app can read and write it")
    .argument('<url-or-app_token>', 'the Base link from the browser, or its app_token')
    .requiredOption('--config <file>', 'larkgate.yaml (only app: is read)')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, opts: { config: string; json?: boolean }) => {
      const parsed = parseBaseRef(ref);
      if (parsed.kind === 'invalid') {
        output.err(`larkgate lark base: ${parsed.reason}\n`);
        setExit(EXIT.usage);
        return;
      }
      await runDiscovery('base', opts.config, output, setExit, async ({ lark, gateway }) => {
        const limits = await parseConfigFile(
          join(findRepoDir(import.meta.dirname), 'config/lark-api-limits.yaml'),
          LarkApiLimits,
        );
        const bases = createBaseGateway({ client: lark.client, limits });
        const check = async (action: 'view' | 'edit'): Promise<boolean | string> => {
          try {
            return await gateway.canAccessBase(parsed.appToken, action);
          } catch (error) {
            if (!(error instanceof LarkApiError)) throw error;
            return `code ${error.code ?? 'none'}: ${showOnTerminal(error.msg)}`;
          }
        };
        const canEdit = await check('edit');
        let app: { name: string };
        try {
          app = await bases.getApp(parsed.appToken);
        } catch (error) {
          if (!(error instanceof LarkApiError)) throw error;
          output.err(
            `larkgate lark base: the app cannot read ${parsed.appToken}: ${error.message}\n` +
              'Share the Base with the app (open it → … top right → More → Add document app → your app, "can edit") and check the token.\n',
          );
          return EXIT.failure;
        }
        const report: BaseReport = {
          appToken: parsed.appToken,
          name: app.name,
          access:
            typeof canEdit === 'boolean'
              ? { read: true, write: canEdit }
              : { read: true, write: null, writeCheckError: canEdit },
          tables: [],
        };
        for (const table of await bases.listTables(parsed.appToken)) {
          if (parsed.tableId && table.tableId !== parsed.tableId) continue;
          const fields = await bases.listFields(parsed.appToken, table.tableId);
          report.tables.push({
            tableId: table.tableId,
            name: table.name,
            fields: fields.map((field) => ({
              name: field.name,
              type: field.type,
              typeName: FIELD_TYPE_NAMES[field.type] ?? `type ${field.type}`,
              primary: field.isPrimary,
              writable: isWritableField(field),
            })),
          });
        }
        output.out(opts.json ? `${JSON.stringify(report)}\n` : toText(report));
        return EXIT.ok;
      });
    });
}

function toText(report: BaseReport): string {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  const lines = [
    `Base ${showOnTerminal(report.name)} (app_token ${report.appToken})`,
    `  the app can read: ${yes(report.access.read)}, can edit: ${
      report.access.write === null
        ? `unknown (the check failed: ${report.access.writeCheckError})`
        : yes(report.access.write)
    }`,
  ];
  if (report.access.write === false) {
    lines.push('  (edit is needed from the limited stage on: share the Base with the app as "can edit")');
  }
  for (const table of report.tables) {
    lines.push('', `Table ${showOnTerminal(table.name)} (${table.tableId}):`);
    const width = Math.max(...table.fields.map((field) => showOnTerminal(field.name).length));
    for (const field of table.fields) {
      const notes = [field.primary ? 'primary' : '', field.writable ? '' : 'read-only for Larkgate']
        .filter((note) => note !== '')
        .join(', ');
      lines.push(
        `  ${showOnTerminal(field.name).padEnd(width)}  ${field.typeName}${notes ? ` (${notes})` : ''}`,
      );
    }
  }
  lines.push(
    '',
    'In larkgate.yaml: bases[].app_token is the token above; bases[].tables lists table names, as shown.',
  );
  return `${lines.join('\n')}\n`;
}
