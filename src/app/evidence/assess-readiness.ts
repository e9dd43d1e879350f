import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../domain/audit-event.js';
import { evaluateReadiness, type PageBounds } from '../../domain/evaluate-readiness.js';
import { indexEvidence } from '../../domain/index-evidence.js';
import type { Policy } from '../../domain/policy.js';
import type { AppendAudit } from '../../ports/append-audit.js';
import type { EvidenceReader } from '../../ports/evidence-reader.js';
import {
  buildEvidencePacket,
  type DrillRun,
  type EvidencePacket,
  renderEvidencePacket,
} from './build-evidence-packet.js';

export type ReadinessDeps = {
  policy: () => Policy;
  clock: () => number;
  /** Gate 7 judges the outage drill at these times to page (the production config's monitoring). */
  pageBounds: PageBounds;
  readEvidence: EvidenceReader;
  /** Runs what is missing and safe unattended (`readiness --run`) for these gates. */
  runDrills: (missingGates: readonly number[]) => Promise<DrillRun[]>;
  /** Writes the packet (JSON and Markdown) under a name with this stamp; returns where. */
  savePacket: (
    stamp: string,
    packet: { json: string; markdown: string },
  ) => Promise<{ jsonPath: string; markdownPath: string }>;
  append: AppendAudit;
  version: string;
  /** The config the packet speaks for. */
  configPath: string;
};

export type ReadinessOptions = { run?: boolean; stream?: boolean };

export type ReadinessReport = {
  packet: EvidencePacket;
  json: string;
  markdown: string;
  jsonPath: string;
  markdownPath: string;
  /** The `readiness.evaluated` event that records the packet's hash. */
  event: AuditEvent;
};

/**
 * Computes the seven gates from the verified audit log (file, and the stream unless `stream: false`),
 * after running the safe drills for missing gates when `run` is set; writes the evidence packet (JSON and
 * Markdown) and audits `readiness.evaluated` with the packet's hash.
 */
export async function assessReadiness(
  deps: ReadinessDeps,
  options: ReadinessOptions = {},
): Promise<ReadinessReport> {
  const policy = deps.policy();
  const read = () => deps.readEvidence(options.stream === false ? { stream: false } : {});
  const judge = (events: readonly AuditEvent[]) =>
    evaluateReadiness({
      policy,
      evidence: indexEvidence(events),
      now: deps.clock(),
      pageBounds: deps.pageBounds,
    });
  let evidence = await read();
  let result = judge(evidence.events);
  let drillsRun: DrillRun[] = [];
  if (options.run && result.failed.length > 0) {
    drillsRun = await deps.runDrills(result.failed);
    evidence = await read();
    result = judge(evidence.events);
  }
  const packet = buildEvidencePacket({
    result,
    generatedAt: deps.clock(),
    version: deps.version,
    config: deps.configPath,
    policyHash: policy.hash,
    sources: evidence.sources,
    eventsRead: evidence.events.length,
    drillsRun,
  });
  const json = `${JSON.stringify(packet, null, 2)}\n`;
  const markdown = renderEvidencePacket(packet);
  const { jsonPath, markdownPath } = await deps.savePacket(packet.generated_at.replace(/[:.]/g, '-'), {
    json,
    markdown,
  });
  const event = await deps.append({
    type: 'readiness.evaluated',
    actor: 'readiness',
    requestId: null,
    details: {
      overall: packet.overall,
      failed_gates: packet.failed_gates,
      packet: jsonPath,
      packet_sha256: createHash('sha256').update(json).digest('hex'),
    },
  });
  return { packet, json, markdown, jsonPath, markdownPath, event };
}
