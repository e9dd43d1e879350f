import type { DrillDeps } from '../src/app/drills/drill-deps.js';
import type { DrillReceipt } from '../src/app/drills/drill-receipt.js';
import { runRollbackDrill } from '../src/app/drills/run-rollback-drill.js';

/** The scheduled drill's BullMQ queue (a job scheduler adds one job per `drills.every`). */
export const DRILLS_QUEUE = 'drills';

/**
 * One job of the `drills` queue's scheduler (`drills:` in larkgate.yaml): the rollback drill on the
 * configured sandbox. The job carries no data; the drill itself is src/app/drills/run-rollback-drill.ts.
 */
export function handleDrill(input: { base: string | undefined }, deps: DrillDeps): Promise<DrillReceipt> {
  return runRollbackDrill({ ...(input.base ? { base: input.base } : {}), trigger: 'scheduled' }, deps);
}
