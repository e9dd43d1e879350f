import type { Actor } from '../../domain/guard.js';

/** The drill runner as the guard sees it: a system actor (audited as DRILL_ACTOR, `system:drill`). */
export const DRILL_RUNNER: Actor = { kind: 'system', name: 'drill' };
