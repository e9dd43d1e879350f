import type { Observation } from '../domain/alert.js';
import { checkAuditFile } from './check-audit-file.js';
import type { AuditSinkHealth } from './create-audit-sink-health.js';

/**
 * `audit.file`: the file can be opened for append and its sink has not failed lately in this process.
 * `audit.stream`: the stream sink has not failed lately (Redis being down explains that, so it is a cause).
 */
export async function observeAuditSinks(deps: {
  filePath: string;
  sinkHealth: AuditSinkHealth;
  /** A sink failure this recent still counts. */
  withinMs: number;
}): Promise<Observation[]> {
  const fileProblem = await checkAuditFile(deps.filePath);
  const fileFailure = deps.sinkHealth.recentFailure('file', deps.withinMs);
  const streamFailure = deps.sinkHealth.recentFailure('stream', deps.withinMs);
  return [
    fileProblem || fileFailure
      ? {
          key: 'audit.file',
          status: 'failing',
          detail: fileProblem ?? `the file sink failed: ${fileFailure?.error ?? ''}`,
        }
      : { key: 'audit.file', status: 'ok', detail: '' },
    streamFailure
      ? {
          key: 'audit.stream',
          status: 'failing',
          detail: `the stream sink failed: ${streamFailure.error}`,
          causes: ['redis'],
        }
      : { key: 'audit.stream', status: 'ok', detail: '' },
  ];
}
