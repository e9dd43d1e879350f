/**
 * Risk tiers: controls scale with blast radius (docs/product.md §4). A base may be stricter than its tier,
 * never looser; `findTierViolations` says where a base falls short.
 */
export type Tier = 'L0' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
export const TIERS: readonly Tier[] = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5'];

export type Paging = 'no' | 'on-failure' | 'yes';

export type TierRule = {
  meaning: string;
  writes: boolean;
  /** Approvals needed from people other than the requester. */
  minApprovals: number;
  /** Approvals must come from this many different approver groups (L4). */
  distinctGroups: number;
  backupAndReadBack: boolean;
  /** The last passing rollback drill must be younger than this; null = no rule. */
  drillMaxAgeDays: number | null;
  paging: Paging;
};

export const TIER_RULES: Readonly<Record<Tier, TierRule>> = {
  L0: {
    meaning: 'lab / sandbox Base',
    writes: true,
    minApprovals: 1,
    distinctGroups: 0,
    backupAndReadBack: true,
    drillMaxAgeDays: null,
    paging: 'no',
  },
  L1: {
    meaning: 'internal read-only',
    writes: false,
    minApprovals: 0,
    distinctGroups: 0,
    backupAndReadBack: false,
    drillMaxAgeDays: null,
    paging: 'no',
  },
  L2: {
    meaning: 'internal limited action',
    writes: true,
    minApprovals: 1,
    distinctGroups: 0,
    backupAndReadBack: true,
    drillMaxAgeDays: 30,
    paging: 'on-failure',
  },
  L3: {
    meaning: 'owner-facing production',
    writes: true,
    minApprovals: 2,
    distinctGroups: 0,
    backupAndReadBack: true,
    drillMaxAgeDays: 7,
    paging: 'yes',
  },
  L4: {
    meaning: 'client-facing',
    writes: true,
    minApprovals: 2,
    distinctGroups: 2,
    backupAndReadBack: true,
    drillMaxAgeDays: 7,
    paging: 'yes',
  },
  L5: {
    meaning: 'regulated',
    writes: true,
    minApprovals: 3,
    distinctGroups: 0,
    backupAndReadBack: true,
    drillMaxAgeDays: 1,
    paging: 'yes',
  },
};

/** Delivery stages, in promotion order (docs/product.md §4). */
export type Stage = 'dry-run' | 'read-only' | 'limited' | 'live';
export const STAGES: readonly Stage[] = ['dry-run', 'read-only', 'limited', 'live'];

/** Stages in which an approved write may run. */
export function isWritingStage(stage: Stage): boolean {
  return stage === 'limited' || stage === 'live';
}

/** The controls a configured base actually has, as far as tiers care. */
export type BaseControls = {
  tier: Tier;
  stage: Stage;
  approvalsNeeded: number;
  /** Distinct people who may approve (users plus members of approver groups). */
  approverCount: number;
  /** Approver groups the approvals are drawn from. */
  approverGroupCount: number;
  distinctGroupsRequired: number;
};

/** Every way a base's controls are looser than its tier requires; empty when it complies. */
export function findTierViolations(base: BaseControls): string[] {
  const rule = TIER_RULES[base.tier];
  const problems: string[] = [];
  if (!rule.writes && isWritingStage(base.stage)) {
    problems.push(
      `${base.tier} (${rule.meaning}) refuses writes, so stage must be dry-run or read-only, not ${base.stage}`,
    );
  }
  if (rule.writes) {
    if (base.approvalsNeeded < rule.minApprovals) {
      problems.push(
        `${base.tier} needs at least ${rule.minApprovals} approval(s), the base asks for ${base.approvalsNeeded}`,
      );
    }
    if (base.approverCount < base.approvalsNeeded) {
      problems.push(
        `approvals_needed is ${base.approvalsNeeded} but only ${base.approverCount} approver(s) are configured, so no request could ever be approved`,
      );
    }
    if (rule.distinctGroups > 0) {
      if (base.distinctGroupsRequired < rule.distinctGroups) {
        problems.push(
          `${base.tier} needs approvals from ${rule.distinctGroups} different approver groups (set distinct_groups: ${rule.distinctGroups})`,
        );
      }
      if (base.approverGroupCount < rule.distinctGroups) {
        problems.push(
          `${base.tier} needs at least ${rule.distinctGroups} approver groups, the base has ${base.approverGroupCount}`,
        );
      }
    }
  }
  return problems;
}
