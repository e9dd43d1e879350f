import type { KeyObject } from 'node:crypto';
import type { AuditHashKey } from '../../domain/audit-event.js';
import {
  type AuditSinkComparison,
  type AuditSinkName,
  compareAuditSinks,
} from '../../domain/compare-audit-sinks.js';
import {
  type AuditRecord,
  type AuditVerifyResult,
  type CheckedAuditRecord,
  checkAuditRecord,
  type LinkedAuditEvent,
  linkAuditChains,
  type TrustedCheckpoint,
  type TrustedCheckpointSummary,
} from '../../domain/verify-audit-chain.js';

/**
 * One sink as read, and whether Larkgate trimmed it (its chains may then start part-way): its records, or
 * its records already checked one by one (a large file, in worker threads: checkAuditFile).
 */
export type AuditSinkRead = { sink: AuditSinkName; where: string; trimmed?: boolean } & (
  | { records: readonly AuditRecord[]; checked?: undefined }
  | { records?: undefined; checked: readonly CheckedAuditRecord<LinkedAuditEvent>[] }
);

export type SourceReport = {
  sink: AuditSinkName;
  where: string;
  result: AuditVerifyResult<LinkedAuditEvent>;
};

/** A checkpoint from outside the log whose signature did not verify, or an anchor entry that is not one. */
export type ForgedCheckpoint = { source: string; reason: string };

export type AuditLogVerdict = {
  ok: boolean;
  reports: SourceReport[];
  comparison: AuditSinkComparison | undefined;
  forged: readonly ForgedCheckpoint[];
  /** The log holds events but no signed checkpoint came from outside it: a cut tail could not be seen. */
  noAnchor: boolean;
  /** How many signed checkpoints came from outside the log. */
  outside: number;
  /** Per chain, the newest trusted checkpoint some sink was held to, with where it came from. */
  trusted: TrustedCheckpointSummary[];
};

/**
 * `larkgate audit verify`'s judgement over what was read: every sink's keyed hash chains held to the signed
 * checkpoints from outside the log, the two sinks compared when both verify. It passes only when every sink
 * verifies, the sinks agree, no outside checkpoint was forged, and (when there are events) at least one
 * checkpoint came from outside the log.
 */
/** How often (in records) `onProgress` is told while records are checked in this thread. */
const PROGRESS_EVERY = 10_000;

export function verifyAuditLog(input: {
  reads: readonly AuditSinkRead[];
  trusted: readonly TrustedCheckpoint[];
  forged: readonly ForgedCheckpoint[];
  hashKey: AuditHashKey;
  publicKey: KeyObject;
  /** Told per sink how many records have been checked (`verifying file`): the CLI's progress line. */
  onProgress?: (step: string, done: number, total: number) => void;
}): AuditLogVerdict {
  const { reads, trusted, forged } = input;
  const reports: SourceReport[] = reads.map((source) => ({
    sink: source.sink,
    where: source.where,
    result: linkAuditChains<LinkedAuditEvent>(
      source.checked ??
        source.records.map((record, position) => {
          if (position % PROGRESS_EVERY === 0)
            input.onProgress?.(`verifying ${source.sink}`, position, source.records.length);
          return checkAuditRecord(record, input.hashKey);
        }),
      {
        sink: source.sink,
        publicKey: input.publicKey,
        trustedCheckpoints: trusted,
        ...(source.trimmed ? { startsMidChain: true } : {}),
      },
    ),
  }));
  const streamTrimmed = reads.some((read) => read.trimmed === true);
  const fileResult = reports.find((report) => report.sink === 'file')?.result;
  const streamResult = reports.find((report) => report.sink === 'stream')?.result;
  const comparison =
    fileResult?.ok && streamResult?.ok
      ? compareAuditSinks(fileResult.events, streamResult.events, { streamTrimmed })
      : undefined;
  const logHasEvents = reads.some((read) => (read.checked ?? read.records).length > 0);
  // Without any checkpoint from outside the log, nothing could show a cut tail or a removed chain.
  const noAnchor = logHasEvents && trusted.length === 0;
  const ok =
    !noAnchor &&
    forged.length === 0 &&
    reports.every((report) => report.result.ok) &&
    comparison?.ok !== false;
  return { ok, reports, comparison, forged, noAnchor, outside: trusted.length, trusted: trustedOf(reports) };
}

function trustedOf(reports: readonly SourceReport[]): TrustedCheckpointSummary[] {
  const newest = new Map<string, TrustedCheckpointSummary>();
  for (const report of reports) {
    if (!report.result.ok) continue;
    for (const point of report.result.trusted) {
      const known = newest.get(point.chain);
      if (!known || known.seq < point.seq) newest.set(point.chain, point);
    }
  }
  return [...newest.values()].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
}
