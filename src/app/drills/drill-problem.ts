/** A drill that did not pass, with why: caught by the drill and put in its receipt (never a crash). */
export class DrillProblem extends Error {}
