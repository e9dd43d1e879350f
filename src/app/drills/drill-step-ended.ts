import { DrillProblem } from './drill-problem.js';

/** A governed step of a drill that did not end applied: what it was, how it ended and why. */
export class DrillStepEnded extends DrillProblem {
  constructor(what: string, state: string, problem: string | null | undefined) {
    super(`${what} ended ${state}: ${problem ?? 'no reason recorded'}`);
  }
}
