import type { decide } from '../domain/guard.js';

/** The guard: `decide` from src/domain/guard.ts, passed in by the composition roots (probes pass others). */
export type Decide = typeof decide;
