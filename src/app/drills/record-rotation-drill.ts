import type { AuditEvent } from '../../domain/audit-event.js';
import type { AuditInput } from '../../domain/build-audit-event.js';
import { drillSecretRotation, type RotationDrillResult } from './drill-secret-rotation.js';

export type RotationDrillRecord = { result: RotationDrillResult; event: AuditEvent };

export type RotationDrillDeps = Omit<Parameters<typeof drillSecretRotation>[0], 'now'> & {
  clock: () => number;
  /** The audit log's append: the event recorded is the evidence readiness cites (gate 6). */
  append(input: AuditInput): Promise<AuditEvent>;
};

/** Runs the rotation drill and records it as `drill.passed` / `drill.failed` (drill: secret-rotation). */
export async function recordRotationDrill(deps: RotationDrillDeps): Promise<RotationDrillRecord> {
  const { clock, append, ...drill } = deps;
  const result = await drillSecretRotation({ ...drill, now: clock() });
  const event = await append({
    type: result.passed ? 'drill.passed' : 'drill.failed',
    actor: 'drill',
    requestId: null,
    details: {
      drill: 'secret-rotation',
      secrets: ['app_secret', 'encrypt_key'],
      steps: result.steps.map((step) => ({
        secret: step.secret,
        phase: step.phase,
        what: step.what,
        expected: step.expected,
        observed: step.observed,
      })),
    },
  });
  return { result, event };
}
