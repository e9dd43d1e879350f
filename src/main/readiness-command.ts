import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runReadinessDrills } from '../app/drills/run-readiness-drills.js';
import { assessReadiness, type ReadinessDeps } from '../app/evidence/assess-readiness.js';
import type { EvidencePacket } from '../app/evidence/build-evidence-packet.js';
import { resolveFrom } from '../config/load-config.js';
import { readEvidence } from '../evidence/read-evidence.js';
import { computePageBounds } from '../monitoring/compute-time-to-page.js';
import { createCliProgress, type ProgressOutput } from '../platform/create-cli-progress.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createReadinessDrillDeps } from './create-readiness-drill-deps.js';
import { LARKGATE_VERSION, type Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

/** Readiness's deps from the runtime; the packet goes to `out` (default: evidence/ beside the config). */
export function readinessDeps(
  runtime: Runtime,
  out?: string,
  onProgress?: (step: string, done: number, total: number) => void,
): ReadinessDeps {
  return {
    policy: () => runtime.policy.require(),
    clock: runtime.clock,
    // Gate 7 judges the outage drill at this config's monitoring intervals (the production config).
    pageBounds: computePageBounds(runtime.monitoring),
    readEvidence: (options = {}) =>
      readEvidence({
        file: runtime.auditFile,
        stream:
          options.stream === false ? null : { redis: runtime.redis, key: runtime.loaded.config.audit.stream },
        hashKey: runtime.auditHashKey,
      }),
    runDrills: (missingGates) =>
      runReadinessDrills(createReadinessDrillDeps(runtime), missingGates, onProgress),
    savePacket: async (stamp, packet) => {
      const dir = out ?? resolveFrom(runtime.loaded.dir, 'evidence');
      await mkdir(dir, { recursive: true });
      const jsonPath = join(dir, `readiness-${stamp}.json`);
      const markdownPath = join(dir, `readiness-${stamp}.md`);
      await writeFile(jsonPath, packet.json);
      await writeFile(markdownPath, packet.markdown);
      return { jsonPath, markdownPath };
    },
    append: (input) => runtime.auditLog.append(input),
    version: LARKGATE_VERSION,
    configPath: runtime.loaded.path,
  };
}

/**
 * `larkgate readiness --config <file> [--json] [--run] [--out <dir>] [--no-stream]`: the acceptance gates
 * of docs/product.md §7, each PASS or the exact missing evidence, overall PASS or PARTIAL, and an evidence
 * packet citing the audit events (chain#seq) it relied on. Exit 0 PASS, 1 PARTIAL.
 */
export function registerReadinessCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
  /** Where the progress line of `--run` goes: only a terminal gets one (never with --json). */
  terminal: ProgressOutput = process.stdout,
): void {
  program
    .command('readiness')
    .description('compute the acceptance gates from recorded evidence and write an evidence packet')
    .requiredOption('--config <file>', 'larkgate.yaml')
    .option('--json', 'print the packet as JSON')
    .option(
      '--run',
      'first run what is missing and safe unattended, then judge: the read tour (gate 1), governed schema and batch-delete drills on temp tables of the sandbox (4, 5), a secret rotation drill with throwaway secrets (6), the outage drill through the emulator (7); gates 2 and 3 write to production or post in chat, so it says how to do them',
    )
    .option('--out <dir>', 'where to write the evidence packet (default: evidence/ beside the config)')
    .option('--no-stream', 'read only the audit file, not the Redis stream')
    .action(
      async (opts: { config: string; json?: boolean; run?: boolean; out?: string; stream: boolean }) => {
        await runOnce('readiness', opts.config, setExit, async (runtime) => {
          const progress = createCliProgress({
            output: terminal,
            json: opts.json === true,
            clock: runtime.clock,
          });
          const report = await assessReadiness(
            readinessDeps(runtime, opts.out, (step, done, total) => progress.update(step, done, total)),
            { ...(opts.run ? { run: true } : {}), stream: opts.stream },
          );
          progress.end();
          const { jsonPath, markdownPath, event } = report;
          if (opts.json) output.out(report.json);
          else
            output.out(
              toText(report.packet, { jsonPath, markdownPath, recorded: `${event.chain}#${event.seq}` }),
            );
          return report.packet.overall === 'PASS' ? EXIT.ok : EXIT.failure;
        });
      },
    );
}

function toText(
  packet: EvidencePacket,
  where: { jsonPath: string; markdownPath: string; recorded: string },
): string {
  const lines = [
    `Readiness: ${packet.overall}${packet.failed_gates.length > 0 ? ` (missing: gate ${packet.failed_gates.join(', ')})` : ''}`,
  ];
  for (const drill of packet.drills_run) {
    lines.push(`  --run gate ${drill.gate} ${drill.name}: ${drill.outcome}: ${drill.detail}`);
  }
  for (const gate of packet.gates) {
    const cites =
      gate.cites.length > 0
        ? ` [${gate.cites
            .map((c) => `${c.chain}#${c.seq}`)
            .slice(0, 4)
            .join(', ')}${gate.cites.length > 4 ? ', …' : ''}]`
        : '';
    lines.push(
      `  ${gate.number} ${gate.status.padEnd(7)} ${gate.title}${gate.status === 'PASS' ? cites : ''}`,
    );
    for (const missing of gate.missing) lines.push(`              ✗ ${missing}`);
    if (gate.fix) lines.push(`              → fix: ${gate.fix}`);
  }
  for (const source of packet.sources.filter((candidate) => candidate.status !== 'ok')) {
    lines.push(`  audit ${source.sink} ${source.where}: ${source.status}: ${source.problem}`);
  }
  lines.push(
    `Evidence packet: ${where.jsonPath} and ${where.markdownPath} (recorded as readiness.evaluated ${where.recorded})`,
  );
  return `${lines.join('\n')}\n`;
}
