import type { GovernedRequest } from './governed-request.js';
import type { BasePolicy } from './policy.js';

export type VoteOutcome =
  | { kind: 'recorded'; request: GovernedRequest; approvals: number }
  | { kind: 'approved'; request: GovernedRequest; approvers: string[] }
  | { kind: 'rejected'; request: GovernedRequest; withdrawn: boolean };

/**
 * Records one vote the guard has already allowed and says what it did. Pure: the caller stores the new
 * request atomically (compare-and-set), so a double click or two approvers racing give one outcome.
 * A request is approved when it has `approvalsNeeded` approvals from people other than the requester
 * and, where the tier asks for it, those approvals cover `distinctGroups` different approver groups.
 */
export function applyVote(
  request: GovernedRequest,
  vote: { voter: string; decision: 'approve' | 'reject'; at: number },
  base: BasePolicy,
): VoteOutcome {
  const votes = [...request.votes, vote];
  if (vote.decision === 'reject') {
    return {
      kind: 'rejected',
      request: { ...request, votes, state: 'rejected' },
      withdrawn: vote.voter === request.requester,
    };
  }
  const approvers = votes
    .filter((v) => v.decision === 'approve' && v.voter !== request.requester)
    .map((v) => v.voter);
  const met =
    approvers.length >= request.approvalsNeeded &&
    coversDistinctGroups(approvers, base.approverGroups, request.distinctGroups);
  if (met) return { kind: 'approved', request: { ...request, votes, state: 'approved' }, approvers };
  return { kind: 'recorded', request: { ...request, votes }, approvals: approvers.length };
}

/**
 * True when the approvers can be matched to `needed` different groups, each approver standing for at most
 * one group (a person in two groups does not count twice).
 */
export function coversDistinctGroups(
  approvers: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
  needed: number,
): boolean {
  if (needed <= 0) return true;
  const groupNames = Object.keys(groups);
  const assigned = new Map<string, string>(); // group → approver
  const tryAssign = (approver: string, seen: Set<string>): boolean => {
    for (const group of groupNames) {
      if (!groups[group]?.includes(approver) || seen.has(group)) continue;
      seen.add(group);
      const holder = assigned.get(group);
      if (holder === undefined || tryAssign(holder, seen)) {
        assigned.set(group, approver);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const approver of new Set(approvers)) {
    if (tryAssign(approver, new Set())) matched++;
  }
  return matched >= needed;
}
