import type { ReadinessResult } from '../../domain/evaluate-readiness.js';
import type { EvidenceSource } from '../../ports/evidence-reader.js';

/** What `--run` did for a gate before the evidence was read. */
export type DrillRun = {
  gate: number;
  name: string;
  outcome: 'ran' | 'not run unattended' | 'not available yet' | 'cannot run here' | 'failed';
  detail: string;
};

export type EvidencePacket = {
  doc: 'larkgate-readiness-evidence';
  generated_at: string;
  version: string;
  config: string;
  policy_hash: string;
  overall: ReadinessResult['overall'];
  failed_gates: number[];
  gates: ReadinessResult['gates'];
  sources: EvidenceSource[];
  events_read: number;
  drills_run: DrillRun[];
};

/** The evidence packet (JSON): every gate with its verdict, what is missing, and the audit events it cites. */
export function buildEvidencePacket(input: {
  result: ReadinessResult;
  generatedAt: number;
  version: string;
  config: string;
  policyHash: string;
  sources: EvidenceSource[];
  eventsRead: number;
  drillsRun: DrillRun[];
}): EvidencePacket {
  return {
    doc: 'larkgate-readiness-evidence',
    generated_at: new Date(input.generatedAt).toISOString(),
    version: input.version,
    config: input.config,
    policy_hash: input.policyHash,
    overall: input.result.overall,
    failed_gates: input.result.failed,
    gates: input.result.gates,
    sources: input.sources,
    events_read: input.eventsRead,
    drills_run: input.drillsRun,
  };
}

/** The same packet for people: a table of gates, then per gate what is missing and what it relied on. */
export function renderEvidencePacket(packet: EvidencePacket): string {
  const lines = [
    `# Larkgate readiness: ${packet.overall}`,
    '',
    `Generated ${packet.generated_at} by Larkgate ${packet.version} from \`${packet.config}\` (policy ${packet.policy_hash.slice(0, 12)}…), ${packet.events_read} verified audit events.`,
    '',
    '| gate | | status |',
    '|---|---|---|',
    ...packet.gates.map((gate) => `| ${gate.number} | ${gate.title} | ${gate.status} |`),
    '',
  ];
  for (const gate of packet.gates) {
    lines.push(`## ${gate.number}. ${gate.title}: ${gate.status}`, '');
    for (const missing of gate.missing) lines.push(`- missing: ${missing}`);
    if (gate.fix) lines.push(`- fix: ${gate.fix}`);
    if (gate.cites.length > 0) {
      lines.push(
        `- relied on: ${gate.cites.map((cite) => `\`${cite.type}\` ${cite.chain}#${cite.seq} (${cite.ts})`).join('; ')}`,
      );
    }
    lines.push('');
  }
  lines.push('## Audit sources', '');
  for (const source of packet.sources) {
    lines.push(
      `- ${source.sink} \`${source.where}\`: ${source.status}, ${source.events} events${source.problem ? ` (${source.problem})` : ''}`,
    );
  }
  if (packet.drills_run.length > 0) {
    lines.push('', '## Drills run first (--run)', '');
    for (const drill of packet.drills_run)
      lines.push(`- gate ${drill.gate}, ${drill.name}: ${drill.outcome}: ${drill.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
