import type { IntakeFailureFacts } from '../src/domain/classify-intake-failure.js';

/** BullMQ's reason for a job that stalled past `maxStalledCount` (its worker kept dying under it). */
const STALLED = 'stalled more than allowable limit';

/**
 * The facts classifyIntakeFailure needs, from the error itself (the worker's failed hook) or, for the
 * sweeper, from what BullMQ stored: the newest stack trace starts `Name: message`, and a Lark error's
 * message is Larkgate's own `Lark <endpoint> failed: <kind> (…)`. Only those words are kept.
 */
export function readFailureFacts(
  job: { failedReason?: string | undefined; stacktrace?: readonly string[] | null | undefined },
  error?: Error,
): IntakeFailureFacts {
  if (error) {
    const lark = error as Error & { endpointId?: unknown; kind?: unknown };
    return {
      name: error.name,
      ...(typeof lark.endpointId === 'string' ? { endpointId: lark.endpointId } : {}),
      ...(typeof lark.kind === 'string' ? { kind: lark.kind } : {}),
      stalled: error.message.includes(STALLED),
    };
  }
  const reason = job.failedReason ?? '';
  const newest = job.stacktrace?.at(-1) ?? '';
  const name = /^([A-Za-z]\w*): /.exec(newest)?.[1] ?? 'Error';
  const lark = /^Lark ([a-z_.]+) failed: ([a-z_]+) /.exec(reason);
  return {
    name,
    ...(lark ? { endpointId: lark[1], kind: lark[2] } : {}),
    stalled: reason.includes(STALLED),
  };
}
