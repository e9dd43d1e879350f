import { recordOutageDrill } from '../app/drills/record-outage-drill.js';
import { recordRotationDrill } from '../app/drills/record-rotation-drill.js';
import type { ReadinessDrillDeps } from '../app/drills/run-readiness-drills.js';
import { createDrillDeps } from './create-drill-deps.js';
import { createOutageDrillDeps } from './create-outage-drill-deps.js';
import { createRotationDrillDeps } from './create-rotation-drill-deps.js';
import type { Runtime } from './create-runtime.js';
import { recordTour } from './tour-command.js';

/** `larkgate readiness --run`'s drills, wired to this runtime (each built only when its drill runs). */
export function createReadinessDrillDeps(runtime: Runtime): ReadinessDrillDeps {
  return {
    policy: () => runtime.policy.require(),
    tour: (order) => recordTour(runtime, order),
    drillDeps: () => createDrillDeps(runtime),
    rotationDrill: () => recordRotationDrill(createRotationDrillDeps(runtime)),
    outageDrill: async (options) => recordOutageDrill(createOutageDrillDeps(runtime), options),
  };
}
