import type { Observation } from '../domain/alert.js';

/**
 * Audit freshness (pure). `audit.lag`: the newest event in one sink trails the other's by more than
 * `maxLagMs`, so some process is writing to one sink only. `audit.silence` (only with `maxSilenceMs`): no
 * event in either sink for that long. A sink that cannot be read says nothing about lag.
 */
export function evaluateAuditFreshness(input: {
  file: number | null | Error;
  stream: number | null | Error;
  now: number;
  maxLagMs: number;
  maxSilenceMs?: number | undefined;
}): Observation[] {
  const file = input.file instanceof Error ? undefined : input.file;
  const stream = input.stream instanceof Error ? undefined : input.stream;
  const observations: Observation[] = [];
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

  if (file === undefined || stream === undefined) {
    const why =
      input.file instanceof Error
        ? `file: ${input.file.message}`
        : `stream: ${(input.stream as Error).message}`;
    observations.push({ key: 'audit.lag', status: 'unknown', detail: `cannot read a sink (${why})` });
  } else if (file !== null && stream !== null && Math.abs(file - stream) > input.maxLagMs) {
    const [behind, ahead] = file < stream ? ['file', 'stream'] : ['stream', 'file'];
    observations.push({
      key: 'audit.lag',
      status: 'failing',
      detail: `the ${behind}'s newest event is ${seconds(Math.abs(file - stream))} older than the ${ahead}'s (limit ${seconds(input.maxLagMs)})`,
      causes: behind === 'stream' ? ['redis', 'audit.stream'] : ['audit.file'],
    });
  } else {
    observations.push({ key: 'audit.lag', status: 'ok', detail: '' });
  }

  if (input.maxSilenceMs !== undefined) {
    const newest = Math.max(file ?? 0, stream ?? 0);
    const age = input.now - newest;
    observations.push(
      newest > 0 && age <= input.maxSilenceMs
        ? { key: 'audit.silence', status: 'ok', detail: '' }
        : {
            key: 'audit.silence',
            status: 'failing',
            detail:
              newest > 0
                ? `the newest audit event is ${seconds(age)} old (limit ${seconds(input.maxSilenceMs)})`
                : 'no audit event in either sink',
          },
    );
  }
  return observations;
}
