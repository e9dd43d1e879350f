import { ConfigError } from '../../config/config-error.js';
import type { AuditEvent } from '../../domain/audit-event.js';
import type { Policy } from '../../domain/policy.js';
import type { DrillRun } from '../evidence/build-evidence-packet.js';
import type { DrillDeps } from './drill-deps.js';
import type { EvidenceDrillReceipt } from './evidence-drill-receipt.js';
import type { OutageDrillRecord } from './record-outage-drill.js';
import type { RotationDrillRecord } from './record-rotation-drill.js';
import { runBatchDeleteDrill } from './run-batch-delete-drill.js';
import { runSchemaDrill } from './run-schema-drill.js';

/**
 * What the readiness drills need, built by the composition root (src/main/create-readiness-drill-deps.ts).
 * Each is called only when its gate's drill runs; one that cannot run in this deployment throws a
 * ConfigError (reported as `cannot run here`).
 */
export type ReadinessDrillDeps = {
  policy(): Policy;
  /** The read tour over these bases, recorded as tour.completed. */
  tour(order: readonly string[]): Promise<{ green: boolean; event: AuditEvent }>;
  /** The governed drills' deps (chat side and live op, in this process). */
  drillDeps(): Promise<DrillDeps>;
  rotationDrill(): Promise<RotationDrillRecord>;
  outageDrill(options: { resolveWithinMs: number }): Promise<OutageDrillRecord>;
};

/** What `readiness --run` can do for a missing gate: run something safe, or say why it cannot. */
export type ReadinessDrill = {
  gate: number;
  name: string;
  /** Runs the drill and records its evidence; returns one line on what happened. */
  run: ((deps: ReadinessDrillDeps) => Promise<string>) | null;
  /** Why there is nothing to run, and what an operator does instead. */
  instead: string;
  /** False when running it unattended would be wrong (it writes to production or posts in chat). */
  unattended?: boolean;
};

/**
 * The drills readiness may run unattended, in order: reads, throwaway-secret drills, the outage drill on
 * the emulator, and governed drills on temp tables of the sandbox (a staging L0 base) only. Anything that
 * writes to a production base, or posts in its requests chat, is left to people, with the way to do it.
 */
export const READINESS_DRILLS: readonly ReadinessDrill[] = [
  {
    gate: 1,
    name: 'read tour (sandbox first, then every base; reads only)',
    run: async (deps) => {
      const policy = deps.policy();
      const order = [
        ...policy.bases.filter((base) => base.staging),
        ...policy.bases.filter((base) => !base.staging),
      ].map((base) => base.alias);
      const tour = await deps.tour(order);
      return `tour ${tour.green ? 'green' : 'red'}, recorded as tour.completed ${tour.event.chain}#${tour.event.seq}`;
    },
    instead: 'larkgate tour --config <file>',
  },
  {
    gate: 2,
    name: 'dry run on every production base',
    run: null,
    unattended: false,
    instead:
      'a dry run posts a diff card in the requests chat: ask for a change on each production base in chat, and do not approve it',
  },
  {
    gate: 3,
    name: 'governed write with rollback on each production base',
    run: null,
    unattended: false,
    instead:
      'it writes to production: make one approved change per production base and roll it back (Roll back button, or larkgate rollback <request_id>)',
  },
  {
    gate: 4,
    name: 'schema drill: every schema shape on a fresh temp table of the sandbox, governed',
    run: async (deps) => describe(await runSchemaDrill({}, await deps.drillDeps())),
    instead:
      'run each schema op on a tmp_ table of the sandbox through chat (table-create, field-create, field-update, field-delete, table-delete)',
  },
  {
    gate: 5,
    name: 'batch-delete drill: the marker guard, then a marked batch deleted and rolled back on the sandbox',
    run: async (deps) => describe(await runBatchDeleteDrill({}, await deps.drillDeps())),
    instead:
      'on the sandbox, batch-delete an unmarked record (refused), then marked records, approve, and roll back',
  },
  {
    gate: 6,
    name: 'secret rotation drill (throwaway secrets, embedded emulator)',
    run: async (deps) => {
      const { result, event } = await deps.rotationDrill();
      return `${result.passed ? 'passed' : 'FAILED'}, recorded as ${event.type} ${event.chain}#${event.seq}`;
    },
    instead: 'larkgate drill rotate-secrets --config <file>',
  },
  {
    gate: 7,
    name: 'synthetic outage paged within 5 minutes (the emulator only)',
    run: async (deps) => {
      const { result, event } = await deps.outageDrill({ resolveWithinMs: 0 });
      const seconds =
        result.timeToPageMs === null ? 'no page' : `paged after ${(result.timeToPageMs / 1000).toFixed(1)} s`;
      return `${result.passed ? 'passed' : 'FAILED'} (${seconds}), recorded as ${event.type} ${event.chain}#${event.seq}`;
    },
    instead:
      'larkgate drill outage --config <file> against the demo setup (it injects the outage through the emulator)',
  },
];

function describe(receipt: EvidenceDrillReceipt): string {
  const steps = Object.entries(receipt.requests)
    .map(([what, id]) => `${what} ${id}`)
    .join(', ');
  return receipt.passed
    ? `passed on ${receipt.base} (${receipt.table}, torn down): ${steps}`
    : `FAILED on ${receipt.base}: ${receipt.problem ?? 'no reason recorded'}`;
}

/** Runs the drills for the given missing gates, in catalogue order; a failing drill is reported, not thrown. */
export async function runReadinessDrills(
  deps: ReadinessDrillDeps,
  missingGates: readonly number[],
): Promise<DrillRun[]> {
  const runs: DrillRun[] = [];
  for (const drill of READINESS_DRILLS.filter((candidate) => missingGates.includes(candidate.gate))) {
    if (!drill.run) {
      const outcome = drill.unattended === false ? 'not run unattended' : 'not available yet';
      runs.push({ gate: drill.gate, name: drill.name, outcome, detail: drill.instead });
      continue;
    }
    try {
      runs.push({ gate: drill.gate, name: drill.name, outcome: 'ran', detail: await drill.run(deps) });
    } catch (error) {
      // A drill this deployment cannot run (e.g. the outage drill against a real tenant) is not a failure.
      const outcome = error instanceof ConfigError ? 'cannot run here' : 'failed';
      runs.push({ gate: drill.gate, name: drill.name, outcome, detail: (error as Error).message });
    }
  }
  return runs;
}
