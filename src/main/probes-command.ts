import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { recordProbeRun } from '../app/evidence/record-probe-run.js';
import { decide } from '../domain/guard.js';
import type { ProbeReport } from '../evidence/probe.js';
import { CONTROLS, PROBES } from '../evidence/probe-catalogue.js';
import { runProbes } from '../evidence/run-probes.js';
import { createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { createProbeRig } from './probe-rig/create-probe-rig.js';
import { runOnce } from './run-once.js';

/** Runs the whole catalogue in a fresh embedded world (private Redis, emulator, temp folder). */
export async function runProbeCatalogue(
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<ProbeReport> {
  const rig = await createProbeRig();
  try {
    return await runProbes(
      { rig, decide, runId: randomBytes(4).toString('hex') },
      PROBES,
      CONTROLS,
      onProgress,
    );
  } finally {
    await rig.close();
  }
}

/**
 * `larkgate probes [--json] [--config <file>]`: drives the catalogue of forbidden inputs through the real
 * handlers (chat intake, card clicks, live op, drill runner, each given the guard as a dependency), push
 * verification, endpoint allowlist and config loader, against an
 * embedded emulator (never a real Base). Prints each probe's verdict and reasons and the summary
 * ALL_FAIL_CLOSED or FAIL_OPEN_DETECTED; exit 1 on any fail-open. With --config, the summary is recorded
 * as evidence (`probes.completed`) in that deployment's audit log.
 */
export function registerProbesCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  run: (
    onProgress: (step: string, done: number, total: number) => void,
  ) => Promise<ProbeReport> = runProbeCatalogue,
  /** Where the progress line goes while the catalogue runs: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  program
    .command('probes')
    .description('drive forbidden inputs through the real guard and handlers on an embedded emulator')
    .option('--json', 'print the result as JSON')
    .option('--config <file>', 'also record the result as evidence in this deployment’s audit log')
    .action(async (opts: { json?: boolean; config?: string }) => {
      const progress = createCliProgress({ output: terminal, json: opts.json === true, clock: Date.now });
      const report = await run((step, done, total) => progress.update(step, done, total));
      progress.end();
      const code = report.verdict === 'ALL_FAIL_CLOSED' ? EXIT.ok : EXIT.failure;
      let recorded: { chain: string; seq: number } | null = null;
      if (opts.config) {
        let configCode: number = EXIT.ok;
        await runOnce(
          'probes',
          opts.config,
          (value) => {
            configCode = value;
          },
          async (runtime) => {
            const event = await recordProbeRun(
              { policy: () => runtime.policy.require(), append: (input) => runtime.auditLog.append(input) },
              report,
            );
            recorded = { chain: event.chain, seq: event.seq };
            return EXIT.ok;
          },
        );
        if (configCode !== EXIT.ok) {
          setExit(configCode);
          return;
        }
      }
      output.out(opts.json ? `${JSON.stringify(toJson(report, recorded))}\n` : toText(report, recorded));
      setExit(code);
    });
}

function toJson(report: ProbeReport, recorded: { chain: string; seq: number } | null) {
  return {
    doc: 'larkgate-bad-input-probes',
    harness_scope: 'EMBEDDED_EMULATOR_NO_REAL_BASE',
    probe_count: report.probeCount,
    blocked_count: report.blockedCount,
    any_fail_open: report.failOpenCount > 0,
    harness_ok: report.harnessOk,
    verdict: report.verdict,
    results: report.results.map((result) => ({
      id: result.id,
      seed_class: result.seedClass,
      title: result.title,
      verdict: result.verdict,
      fail_open: result.failOpen,
      allowed: result.allowed,
      leaked: result.leaked,
      expected: result.expected,
      codes: result.codes,
      reasons: result.reasons,
    })),
    controls: report.controls,
    covered: report.covered,
    recorded,
  };
}

function toText(report: ProbeReport, recorded: { chain: string; seq: number } | null): string {
  const width = Math.max(...report.results.map((result) => result.id.length));
  const lines = [
    `Larkgate probes: ${report.probeCount} forbidden inputs through the real handlers (chat intake, card clicks, live op, drill runner) with the guard passed in, push verification, the egress allowlist and the config loader, on an embedded emulator (no real Base).`,
  ];
  for (const result of report.results) {
    const why = result.failOpen
      ? [...result.leaked, ...result.reasons].join('; ')
      : (result.reasons[0] ?? '');
    lines.push(
      `  ${result.verdict.padEnd(12)} ${result.id.padEnd(width)}  ${result.title} → ${truncate(why, 140)}`,
    );
  }
  const passed = report.controls.filter((control) => control.ok).length;
  lines.push(`Controls (valid inputs that must pass): ${passed}/${report.controls.length} let through.`);
  for (const control of report.controls.filter((candidate) => !candidate.ok)) {
    lines.push(
      `  REFUSED      ${control.id}  ${control.title}: ${control.detail} (the harness cannot tell closed from broken)`,
    );
  }
  lines.push(
    `Verdict: ${report.verdict} (${report.blockedCount}/${report.probeCount} blocked, ${report.failOpenCount} not proven closed)`,
  );
  if (recorded) lines.push(`Recorded as evidence: probes.completed ${recorded.chain}#${recorded.seq}`);
  return `${lines.join('\n')}\n`;
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
