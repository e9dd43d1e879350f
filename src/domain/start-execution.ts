import type { Execution } from './governed-request.js';

/** A live op's execution record as it starts (its artefact just consumed, nothing read or written yet). */
export function startExecution(now: number): Execution {
  return {
    step: 'consumed',
    startedAt: now,
    attempts: 1,
    backupId: null,
    createdRecordIds: [],
    preexistingMatches: [],
    idMap: null,
    schemaIds: null,
    finishedAt: null,
    verification: null,
    problem: null,
  };
}
