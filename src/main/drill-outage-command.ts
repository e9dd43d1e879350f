import type { Command } from 'commander';
import {
  OUTAGE_LIMIT_MS,
  type OutageDrillRecordDeps,
  recordOutageDrill,
} from '../app/drills/record-outage-drill.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { type CliProgress, createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createOutageDrillDeps } from './create-outage-drill-deps.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

/** `larkgate drill outage --config <file> [--json] [--no-wait-resolve]`. */
export function registerDrillOutageCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  /** Where the progress line goes: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  const drill =
    program.commands.find((command) => command.name() === 'drill') ??
    program.command('drill').description('rehearse what must work on a bad day, and record it as evidence');
  drill
    .command('outage')
    .description(
      'inject a synthetic outage in the demo setup (Base API answering 500), measure the time until the on-call chat is paged, record it as evidence',
    )
    .requiredOption('--config <file>', "the running demo's larkgate.yaml (where the result is recorded)")
    .option('--json', 'print the result as JSON')
    .option('--no-wait-resolve', 'do not wait for the alert to resolve after the outage ends')
    .action(async (opts: { config: string; json?: boolean; waitResolve: boolean }) => {
      await runOnce('drill', opts.config, setExit, async (runtime) => {
        const progress = createCliProgress({
          output: terminal,
          json: opts.json === true,
          clock: runtime.clock,
        });
        const { result, event, injectedAt } = await recordOutageDrill(
          withProgress(createOutageDrillDeps(runtime), progress),
          { ...(opts.waitResolve ? {} : { resolveWithinMs: 0 }) },
        );
        progress.end();
        const recorded = { type: event.type, chain: event.chain, seq: event.seq };
        if (opts.json) {
          output.out(
            `${JSON.stringify({
              passed: result.passed,
              time_to_page_ms: result.timeToPageMs,
              limit_ms: OUTAGE_LIMIT_MS,
              alert: result.alert,
              alert_key: result.alertKey,
              bound_ms: event.details.bound_ms ?? null,
              estimate_ms: event.details.estimate_ms ?? null,
              message_id: result.messageId,
              time_to_resolve_ms: result.timeToResolveMs,
              problem: result.problem,
              injected_at: injectedAt,
              recorded,
            })}\n`,
          );
        } else {
          const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
          const lines = [
            `Outage drill: ${result.passed ? 'PASSED' : 'FAILED'}`,
            `  outage        Base API answering HTTP 500 from ${injectedAt}`,
            `  time to page  ${seconds(result.timeToPageMs)} (limit ${OUTAGE_LIMIT_MS / 1000} s)${result.alert ? `: "${result.alert}"` : ''}`,
            `  intervals     a round every ${seconds(runtime.monitoring.every)}, probes every ${seconds(runtime.monitoring.probes.every)}, ${runtime.monitoring.raise_after} failures to raise: worst case ${seconds(boundMsOf(event))}`,
            `  resolved      ${seconds(result.timeToResolveMs)} after the outage ended`,
            ...(result.problem ? [`  problem       ${result.problem}`] : []),
            `Recorded as evidence: ${event.type} ${event.chain}#${event.seq}`,
          ];
          output.out(`${lines.join('\n')}\n`);
        }
        return result.passed ? EXIT.ok : EXIT.failure;
      });
    });
}

function boundMsOf(event: AuditEvent): number | null {
  const value = event.details.bound_ms;
  return typeof value === 'number' ? value : null;
}

/** The drill's waits, shown as a progress line: which phase, seconds waited of the 5-minute limit. */
function withProgress(deps: OutageDrillRecordDeps, progress: CliProgress): OutageDrillRecordDeps {
  let phase = 'outage drill: starting';
  let since = deps.clock();
  const limit = Math.round(OUTAGE_LIMIT_MS / 1000);
  return {
    ...deps,
    inject: async () => {
      await deps.inject();
      phase = 'outage injected, waiting for the page (s)';
      since = deps.clock();
    },
    clear: async () => {
      await deps.clear();
      phase = 'outage cleared, waiting for the alert to resolve (s)';
      since = deps.clock();
    },
    sleep: async (ms) => {
      progress.update(phase, Math.min(limit, Math.floor((deps.clock() - since) / 1000)), limit);
      await deps.sleep(ms);
    },
  };
}
