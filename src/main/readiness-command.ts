import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runReadinessDrills } from '../app/drills/run-readiness-drills.js';
import { resolveFrom } from '../config/load-config.js';
import { evaluateReadiness } from '../domain/evaluate-readiness.js';
import { indexEvidence } from '../domain/index-evidence.js';
import {
  buildEvidencePacket,
  type DrillRun,
  type EvidencePacket,
  renderEvidencePacket,
} from '../evidence/build-evidence-packet.js';
import { readEvidence } from '../evidence/read-evidence.js';
import { computePageBounds } from '../monitoring/compute-time-to-page.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createReadinessDrillDeps } from './create-readiness-drill-deps.js';
import { LARKGATE_VERSION, type Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

export type ReadinessOptions = { run?: boolean; out?: string; stream?: boolean };
export type ReadinessReport = { packet: EvidencePacket; json: string; markdown: string };

/**
 * Computes the seven gates from the verified audit log (file, and the stream unless `stream: false`),
 * after running the safe drills for missing gates when `run` is set; writes the evidence packet (JSON and
 * Markdown) and audits `readiness.evaluated` with the packet's hash.
 */
export async function evaluateDeploymentReadiness(
  runtime: Runtime,
  options: ReadinessOptions = {},
): Promise<ReadinessReport> {
  const policy = runtime.policy.require();
  // Gate 7 judges the outage drill at this config's monitoring intervals (the production config).
  const pageBounds = computePageBounds(runtime.monitoring);
  const read = () =>
    readEvidence({
      file: runtime.auditFile,
      stream:
        options.stream === false ? null : { redis: runtime.redis, key: runtime.loaded.config.audit.stream },
      hashKey: runtime.auditHashKey,
    });
  let evidence = await read();
  let result = evaluateReadiness({
    policy,
    evidence: indexEvidence(evidence.events),
    now: runtime.clock(),
    pageBounds,
  });
  let drillsRun: DrillRun[] = [];
  if (options.run && result.failed.length > 0) {
    drillsRun = await runReadinessDrills(createReadinessDrillDeps(runtime), result.failed);
    evidence = await read();
    result = evaluateReadiness({
      policy,
      evidence: indexEvidence(evidence.events),
      now: runtime.clock(),
      pageBounds,
    });
  }
  const packet = buildEvidencePacket({
    result,
    generatedAt: runtime.clock(),
    version: LARKGATE_VERSION,
    config: runtime.loaded.path,
    policyHash: policy.hash,
    sources: evidence.sources,
    eventsRead: evidence.events.length,
    drillsRun,
  });
  const json = `${JSON.stringify(packet, null, 2)}\n`;
  const markdown = renderEvidencePacket(packet);
  return { packet, json, markdown };
}

/**
 * `larkgate readiness --config <file> [--json] [--run] [--out <dir>] [--no-stream]`: the acceptance gates
 * of product.md §7, each PASS or the exact missing evidence, overall PASS or PARTIAL, and an evidence
 * packet citing the audit events (chain#seq) it relied on. Exit 0 PASS, 1 PARTIAL.
 */
export function registerReadinessCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
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
          const report = await evaluateDeploymentReadiness(runtime, {
            ...(opts.run ? { run: true } : {}),
            stream: opts.stream,
          });
          const dir = opts.out ?? resolveFrom(runtime.loaded.dir, 'evidence');
          await mkdir(dir, { recursive: true });
          const stamp = report.packet.generated_at.replace(/[:.]/g, '-');
          const jsonPath = join(dir, `readiness-${stamp}.json`);
          const markdownPath = join(dir, `readiness-${stamp}.md`);
          await writeFile(jsonPath, report.json);
          await writeFile(markdownPath, report.markdown);
          const event = await runtime.auditLog.append({
            type: 'readiness.evaluated',
            actor: 'readiness',
            requestId: null,
            details: {
              overall: report.packet.overall,
              failed_gates: report.packet.failed_gates,
              packet: jsonPath,
              packet_sha256: createHash('sha256').update(report.json).digest('hex'),
            },
          });
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
