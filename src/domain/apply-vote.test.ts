import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import { applyVote, coversDistinctGroups } from './apply-vote.js';
import type { GovernedRequest } from './governed-request.js';
import { decide } from './guard.js';

describe('applyVote', () => {
  it('approves a 1-of-2 request on the first approval', () => {
    const outcome = applyVote(makeRequest(), { voter: 'ou_bob', decision: 'approve', at: T0 }, makeBase());

    expect(outcome.kind).toBe('approved');
    expect(outcome.request.state).toBe('approved');
  });

  it('needs two approvals on a 2-of-3 request', () => {
    const base = makeBase({ approvers: ['ou_bob', 'ou_carol', 'ou_dan'], approvalsNeeded: 2 });
    const first = applyVote(
      makeRequest({ approvalsNeeded: 2 }),
      { voter: 'ou_bob', decision: 'approve', at: T0 },
      base,
    );
    const second = applyVote(first.request, { voter: 'ou_carol', decision: 'approve', at: T0 + 1 }, base);

    expect(first).toMatchObject({ kind: 'recorded', approvals: 1 });
    expect(second).toMatchObject({ kind: 'approved', approvers: ['ou_bob', 'ou_carol'] });
  });

  it('rejects on one reject, and marks a requester reject as withdrawn', () => {
    expect(
      applyVote(makeRequest(), { voter: 'ou_bob', decision: 'reject', at: T0 }, makeBase()),
    ).toMatchObject({
      kind: 'rejected',
      withdrawn: false,
    });
    expect(
      applyVote(makeRequest(), { voter: 'ou_alice', decision: 'reject', at: T0 }, makeBase()),
    ).toMatchObject({
      kind: 'rejected',
      withdrawn: true,
    });
  });

  it('on an L4 base needs the approvals to span two groups', () => {
    const groups = { leads: ['ou_bob', 'ou_carol'], finance: ['ou_dan'] };
    const base = makeBase({
      tier: 'L4',
      approverGroups: groups,
      approvers: ['ou_bob', 'ou_carol', 'ou_dan'],
      approvalsNeeded: 2,
      distinctGroups: 2,
    });
    const request = makeRequest({ tier: 'L4', approvalsNeeded: 2, distinctGroups: 2 });
    const leadsOnly = applyVote(
      applyVote(request, { voter: 'ou_bob', decision: 'approve', at: T0 }, base).request,
      { voter: 'ou_carol', decision: 'approve', at: T0 },
      base,
    );
    const withFinance = applyVote(leadsOnly.request, { voter: 'ou_dan', decision: 'approve', at: T0 }, base);

    expect(leadsOnly.kind).toBe('recorded');
    expect(withFinance.kind).toBe('approved');
  });
});

describe('coversDistinctGroups', () => {
  it.each<[string[], Record<string, string[]>, number, boolean]>([
    [['a', 'b'], { g1: ['a', 'b'], g2: ['c'] }, 2, false],
    [['a', 'c'], { g1: ['a', 'b'], g2: ['c'] }, 2, true],
    [['a'], { g1: ['a'], g2: ['a'] }, 2, false],
    [['a', 'b'], { g1: ['a', 'b'], g2: ['a'] }, 2, true],
    [[], {}, 0, true],
  ])('%j over %j covering %i groups → %s', (approvers, groups, needed, expected) => {
    expect(coversDistinctGroups(approvers, groups, needed)).toBe(expected);
  });
});

describe('approval state machine (model-based)', () => {
  const people = ['ou_alice', 'ou_bob', 'ou_carol', 'ou_dan', 'ou_mallory'];
  const base = makeBase({ approvers: ['ou_alice', 'ou_bob', 'ou_carol', 'ou_dan'], approvalsNeeded: 2 });
  const policy = makePolicy([base]);

  it('never approves without N distinct non-requester approvers, never after expiry, never twice', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            voter: fc.constantFrom(...people),
            decision: fc.constantFrom('approve' as const, 'reject' as const),
            staleCard: fc.boolean(),
            late: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (clicks) => {
          let request: GovernedRequest = makeRequest({ approvalsNeeded: 2 });
          let approvals = 0;
          for (const click of clicks) {
            const now = click.late ? request.expiresAt + 1 : T0 + 1;
            const scopeHash = click.staleCard ? '0'.repeat(64) : request.scopeHash;
            const decision = decide(
              {
                action: 'vote',
                actor: { kind: 'user', openId: click.voter },
                decision: click.decision,
                request,
                scopeHash,
              },
              { policy, now },
            );
            if (!decision.allow) continue;
            const outcome = applyVote(
              request,
              { voter: click.voter, decision: click.decision, at: now },
              base,
            );
            if (outcome.kind === 'approved') approvals++;
            request = outcome.request;
          }
          const approvers = request.votes.filter((v) => v.decision === 'approve').map((v) => v.voter);
          expect(approvals).toBeLessThanOrEqual(1);
          expect(approvers).not.toContain('ou_alice');
          expect(approvers).not.toContain('ou_mallory');
          expect(new Set(approvers).size).toBe(approvers.length);
          if (request.state === 'approved') expect(approvers.length).toBeGreaterThanOrEqual(2);
          if (approvers.length >= 2 && !request.votes.some((v) => v.decision === 'reject')) {
            expect(request.state).toBe('approved');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
