/** A lease on one base: at most one in-flight write per Base, even if a stalled job runs twice. */
export type BaseLease = { release(): Promise<void> };
