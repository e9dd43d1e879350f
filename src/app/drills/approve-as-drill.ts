import { randomBytes } from 'node:crypto';
import { auditedDenials } from '../../domain/decision.js';
import type { ApprovalArtefact, GovernedRequest } from '../../domain/governed-request.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';
import { DRILL_RUNNER } from './drill-runner.js';

/**
 * The drill runner approves its own request: guard `drill-approve` (a drill request, pending, on a staging
 * L0 base's temp table), then the same atomic mint of a single-use artefact a person's approval makes,
 * audited as approval.vote and approval.created with the drill runner as the approver.
 */
export async function approveAsDrill(requestId: string, deps: DrillDeps): Promise<void> {
  const { chat } = deps;
  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = await chat.requests.get(requestId);
    if (!stored) throw new DrillProblem(`request ${requestId} is missing`);
    const { request } = stored;
    if (request.state !== 'pending') return;
    const now = chat.clock();
    const decision = chat.decide(
      { action: 'drill-approve', actor: DRILL_RUNNER, request },
      { policy: chat.policy(), now },
    );
    if (!decision.allow) {
      await chat.audit({
        type: 'approval.vote',
        actor: DRILL_ACTOR,
        requestId,
        details: { decision: 'approve', result: 'denied', denials: auditedDenials(decision.denials) },
      });
      throw new DrillProblem(decision.denials.map((denial) => denial.message).join('; '));
    }
    const artefact: ApprovalArtefact = {
      id: `art_${randomBytes(12).toString('hex')}`,
      requestId,
      scopeHash: request.scopeHash,
      approvers: [DRILL_ACTOR],
      createdAt: now,
      usedAt: null,
    };
    const next: GovernedRequest = {
      ...request,
      state: 'approved',
      votes: [...request.votes, { voter: DRILL_ACTOR, decision: 'approve', at: now }],
      artefactId: artefact.id,
    };
    await chat.audit({
      type: 'approval.vote',
      actor: DRILL_ACTOR,
      requestId,
      details: { decision: 'approve', result: 'approved', scope_hash: request.scopeHash, by: 'drill' },
    });
    await chat.audit({
      type: 'approval.created',
      actor: DRILL_ACTOR,
      requestId,
      details: {
        artefact_id: artefact.id,
        approvers: artefact.approvers,
        scope_hash: artefact.scopeHash,
        automatic: 'rollback drill on a staging L0 base (guard: drill-approve)',
      },
    });
    if ((await chat.requests.transition(stored, next, { kind: 'mint', artefact })) === 'written') return;
  }
  throw new DrillProblem(`could not approve ${requestId}: it kept changing`);
}
