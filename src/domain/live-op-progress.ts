/**
 * A long live op's steps as its card names them. `relink`: a rollback's second pass, linking the records
 * it re-created to each other.
 */
export type LiveOpStep = 'reread' | 'backup' | 'write' | 'relink' | 'readback';

/** Where a long live op stands: its step, records and chunks done of the total, and when it started. */
export type LiveOpProgress = {
  step: LiveOpStep;
  recordsDone: number;
  recordsTotal: number;
  chunksDone: number;
  chunksTotal: number;
  startedAt: number;
};

const clamp = (value: number, total: number) => Math.min(Math.max(0, Math.floor(value)), Math.max(0, total));

/**
 * The progress a resumed live op starts from: what was persisted before the crash, never below zero nor
 * past the total (a record count saved by a newer plan, or a corrupt value, cannot make the card lie).
 */
export function resumeProgress(
  persisted: Partial<LiveOpProgress> | undefined,
  fresh: LiveOpProgress,
): LiveOpProgress {
  if (!persisted || persisted.step !== fresh.step) return fresh;
  return {
    ...fresh,
    recordsDone: clamp(persisted.recordsDone ?? 0, fresh.recordsTotal),
    chunksDone: clamp(persisted.chunksDone ?? 0, fresh.chunksTotal),
    startedAt: persisted.startedAt ?? fresh.startedAt,
  };
}

/** Seconds left at the rate so far, or undefined before the first record is done (no rate to go by). */
export function estimateSecondsLeft(progress: LiveOpProgress, now: number): number | undefined {
  if (progress.recordsDone <= 0) return undefined;
  const left = progress.recordsTotal - progress.recordsDone;
  if (left <= 0) return 0;
  const perRecord = Math.max(0, now - progress.startedAt) / progress.recordsDone;
  return Math.ceil((perRecord * left) / 1000);
}
