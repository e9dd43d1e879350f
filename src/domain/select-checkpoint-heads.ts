import type { AuditAnchorRecord } from './audit-anchor-record.js';
import { type AuditCheckpointHead, MAX_CHECKPOINT_HEADS } from './audit-checkpoint.js';

/** Other chains are named in a checkpoint while their newest checkpoint is at most this old. */
export const CHECKPOINT_HEADS_WINDOW_MS = 24 * 3600_000;

/**
 * The other chains' heads a new checkpoint of `chain` names: each recent chain's newest anchored
 * checkpoint, newest first, at most MAX_CHECKPOINT_HEADS. Naming them under a signature means a chain
 * removed together with its anchor entry still shows (the other chains' checkpoints, in the log and in
 * the audit chat, name it). Old chains drop out so a checkpoint stays one chat line.
 */
export function selectCheckpointHeads(
  records: readonly AuditAnchorRecord[],
  chain: string,
  nowMs: number,
): AuditCheckpointHead[] {
  return records
    .filter((record) => record.checkpoint.chain !== chain && record.sinks.length > 0)
    .filter((record) => nowMs - Date.parse(record.checkpoint.ts) <= CHECKPOINT_HEADS_WINDOW_MS)
    .sort((a, b) => Date.parse(b.checkpoint.ts) - Date.parse(a.checkpoint.ts))
    .slice(0, MAX_CHECKPOINT_HEADS)
    .map((record) => ({
      chain: record.checkpoint.chain,
      seq: record.checkpoint.seq,
      hash: record.checkpoint.hash,
      sinks: [...record.sinks],
    }));
}
