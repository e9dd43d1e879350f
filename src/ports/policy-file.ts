import type { Stage } from '../domain/tiers.js';

/**
 * An edit of the policy file, staged beside it and checked by the real loader: `valid` with the policy hash
 * the edited file would have (and `commit` swaps it in atomically), or `invalid` with why it would not load
 * (the staged copy is already removed).
 */
export type StagedPolicy =
  | { kind: 'valid'; hash: string; commit(): Promise<void> }
  | { kind: 'invalid'; problem: string; key: string };

/** The policy file (larkgate.yaml) as something `promote` may edit one value of, comments kept. */
export type PolicyFile = {
  path: string;
  stageBaseStage(alias: string, to: Stage): Promise<StagedPolicy>;
};
