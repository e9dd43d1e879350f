import { computeScopeHash } from '../domain/compute-scope-hash.js';
import type { GovernedRequest } from '../domain/governed-request.js';
import type { GuardRequest } from '../domain/guard.js';
import type { Probe, ProbeContext, ProbeOutcome, Refusal } from './probe.js';
import {
  approvedRequest,
  execute,
  guardContext,
  mintArtefact,
  openRequest,
  outcome,
  vote,
} from './probe-steps.js';

const ALICE = 'ou_alice';
const BOB = 'ou_bob';
const CAROL = 'ou_carol';
const ERIN = 'ou_erin';
const UPDATE_CRM = 'update crm/Tasks recTask0001 Status=Done';

/** The same request with a different change: what a tampered card or a changed payload would carry. */
function changedScope(request: GovernedRequest): string {
  if (request.plan.kind !== 'records') throw new Error('a record plan was expected');
  const [change] = request.plan.changes;
  return computeScopeHash({
    ...request.plan,
    changes: change ? [{ ...change, after: { ...change.after, Status: 'Open' } }] : [],
  });
}

/** A click on a card through the real handler, with what it refused read from what it audited. */
async function click(
  c: ProbeContext,
  request: GovernedRequest,
  value: Record<string, unknown>,
  from = BOB,
): Promise<ProbeOutcome> {
  const { answer, queued, audited } = await c.rig.cardAction({
    operatorOpenId: from,
    messageId: request.cardMessageId ?? 'om_probe_card',
    chatId: request.chatId,
    value,
  });
  const refusals: Refusal[] = audited.flatMap((event) =>
    Array.isArray(event.details.denials)
      ? (event.details.denials as Array<{ code: string; message: string }>).map((denial) => ({
          code: denial.code,
          message: denial.message,
        }))
      : [],
  );
  const after = await c.rig.requests.get(request.id);
  const leaked = [
    ...queued.map((id) => `live op queued for ${id}`),
    ...(after && after.request.state !== request.state ? [`request became ${after.request.state}`] : []),
    ...(after && after.request.votes.length > request.votes.length ? ['the vote was counted'] : []),
  ];
  return { allowed: answer.toast.type === 'success', leaked, refusals };
}

/**
 * Approval inputs that must be refused (the approval and live-op paths, with real requests in the real
 * store): acting without approval (P1), approvals from the wrong people (P2), approvals replayed,
 * expired or spent (P3), and inputs that claim a pass or changed after approval (P9).
 */
export const APPROVAL_PROBES: readonly Probe[] = [
  {
    id: 'P1.execute-without-approval',
    seedClass: 'P1',
    title: 'the live op asked to run a request nobody approved',
    expect: ['artefact_missing'],
    run: async (c) => execute(c, await openRequest(c, { text: UPDATE_CRM, requester: ALICE }), null),
  },
  {
    id: 'P1.borrowed-artefact',
    seedClass: 'P1',
    title: 'the live op given another request’s approval',
    expect: ['artefact_scope_mismatch'],
    run: async (c) => {
      const { artefact } = await approvedRequest(c, UPDATE_CRM, ALICE, [BOB]);
      const other = await openRequest(c, {
        text: 'update crm/Tasks recTask0002 Status=Done',
        requester: ALICE,
      });
      return execute(c, { ...other, state: 'approved', artefactId: artefact.id }, artefact);
    },
  },
  {
    id: 'P2.self-approval',
    seedClass: 'P2',
    title: 'an approver approving their own request',
    expect: ['self_approval'],
    run: async (c) => vote(c, await openRequest(c, { text: UPDATE_CRM, requester: BOB }), { voter: BOB }),
  },
  {
    id: 'P2.approver-not-allowed',
    seedClass: 'P2',
    title: 'an approval from someone who is not an approver of the base',
    expect: ['approver_not_allowed'],
    run: async (c) => vote(c, await openRequest(c, { text: UPDATE_CRM, requester: ALICE }), { voter: ERIN }),
  },
  {
    id: 'P2.same-approver-twice',
    seedClass: 'P2',
    title: 'one approver counted twice toward a two-approval (L3) request',
    expect: ['already_voted'],
    run: async (c) => {
      const request = await openRequest(c, {
        text: 'update billing/Invoices recInv0002 Status=Sent',
        requester: ALICE,
      });
      const once = { ...request, votes: [{ voter: BOB, decision: 'approve' as const, at: c.rig.clock() }] };
      return vote(c, once, { voter: BOB });
    },
  },
  {
    id: 'P2.drill-runner-approves-chat-request',
    seedClass: 'P2',
    title: 'the drill runner approving a person’s request (it may approve only its own drill requests)',
    expect: ['approver_not_allowed'],
    run: async (c) => {
      const request = await openRequest(c, {
        text: 'update sandbox/Scratch recScr0001 Value=9',
        requester: ALICE,
      });
      return outcome(
        c.decide(
          { action: 'drill-approve', actor: { kind: 'system', name: 'drill' }, request },
          guardContext(c),
        ),
      );
    },
  },
  {
    id: 'P7.drill-on-production',
    seedClass: 'P7',
    title: 'a rollback drill started on a production base',
    expect: ['drill_outside_sandbox'],
    run: async (c) =>
      outcome(
        c.decide({ action: 'drill', actor: { kind: 'system', name: 'drill' }, base: 'crm' }, guardContext(c)),
      ),
  },
  {
    id: 'P7.drill-from-chat',
    seedClass: 'P7',
    title: 'a drill started by a person instead of Larkgate’s drill runner',
    expect: ['drill_outside_sandbox'],
    run: async (c) =>
      outcome(
        c.decide(
          { action: 'drill', actor: { kind: 'user', openId: ALICE }, base: 'sandbox' },
          guardContext(c),
        ),
      ),
  },
  {
    id: 'P3.expired-approval',
    seedClass: 'P3',
    title: 'an approval after the request expired',
    expect: ['request_expired'],
    run: async (c) =>
      vote(c, await openRequest(c, { text: UPDATE_CRM, requester: ALICE, expiresInMs: -1 }), { voter: BOB }),
  },
  {
    id: 'P3.replayed-artefact',
    seedClass: 'P3',
    title: 'a single-use approval presented a second time',
    expect: ['artefact_used'],
    run: async (c) => {
      const { request, artefact } = await approvedRequest(c, UPDATE_CRM, ALICE, [BOB]);
      const first = await c.rig.requests.get(request.id);
      if (!first) throw new Error('request vanished');
      const consume = { kind: 'consume' as const, artefactId: artefact.id, at: c.rig.clock() };
      if ((await c.rig.requests.transition(first, { ...request, state: 'executing' }, consume)) !== 'written')
        throw new Error('the first, legitimate use was refused');
      // A replay: the same artefact again, as a second worker picking up the same job would present it.
      const second = await c.rig.requests.get(request.id);
      if (!second) throw new Error('request vanished');
      const replay = await c.rig.requests.transition(
        second,
        { ...second.request, state: 'executing' },
        consume,
      );
      return {
        allowed: replay === 'written',
        leaked: [],
        refusals:
          replay === 'artefact_used'
            ? [{ code: 'artefact_used', message: 'the approval artefact was already consumed' }]
            : [],
      };
    },
  },
  {
    id: 'P3.vote-on-closed-request',
    seedClass: 'P3',
    title: 'an approval on a request that was already applied',
    expect: ['request_not_pending'],
    run: async (c) =>
      vote(c, await openRequest(c, { text: UPDATE_CRM, requester: ALICE, state: 'applied' }), { voter: BOB }),
  },
  {
    id: 'P4.approve-dry-run',
    seedClass: 'P4',
    title: 'an approval of a dry-run card (base in the dry-run stage)',
    expect: ['request_not_pending'],
    run: async (c) =>
      vote(
        c,
        await openRequest(c, { text: 'update drafts/Tasks recTask0001 Status=Done', requester: ALICE }),
        {
          voter: BOB,
        },
      ),
  },
  {
    id: 'P4.execute-in-dry-run',
    seedClass: 'P4',
    title: 'the live op on a base in the dry-run stage, even with an approval',
    expect: ['stage_forbids_writes'],
    run: async (c) => {
      const request = await openRequest(c, {
        text: 'update drafts/Tasks recTask0001 Status=Done',
        requester: ALICE,
        state: 'approved',
      });
      const artefact = mintArtefact(request, [BOB], c.rig.clock());
      return execute(c, { ...request, artefactId: artefact.id }, artefact);
    },
  },
  {
    id: 'P9.changed-before-vote',
    seedClass: 'P9',
    title: 'an approval of a card that shows another change than the request holds',
    expect: ['scope_mismatch'],
    run: async (c) => {
      const request = await openRequest(c, { text: UPDATE_CRM, requester: ALICE });
      return vote(c, request, { voter: BOB, scope: changedScope(request) });
    },
  },
  {
    id: 'P9.changed-after-approval',
    seedClass: 'P9',
    title: 'the change differs from what was approved when the live op starts',
    expect: ['artefact_scope_mismatch'],
    run: async (c) => {
      const { request, artefact } = await approvedRequest(c, UPDATE_CRM, ALICE, [BOB]);
      return execute(c, request, artefact, changedScope(request));
    },
  },
  {
    id: 'P9.card-claims-approved',
    seedClass: 'P9',
    title: 'a card click that claims the request is already approved',
    expect: ['unknown_action'],
    run: async (c) => {
      const request = await openRequest(c, { text: UPDATE_CRM, requester: ALICE });
      return click(c, request, {
        action: 'approve',
        request_id: request.id,
        scope: request.scopeHash,
        approved: true,
        approvals: 2,
        verdict: 'PRODUCTION_PASS',
      });
    },
  },
  {
    id: 'P9.unknown-card-button',
    seedClass: 'P6',
    title: 'a card click with an action no button has',
    expect: ['unknown_action'],
    run: async (c) => {
      const request = await openRequest(c, { text: UPDATE_CRM, requester: ALICE });
      return click(c, request, { action: 'deploy', request_id: request.id, scope: request.scopeHash });
    },
  },
  {
    id: 'P9.execute-claims-pass',
    seedClass: 'P9',
    title: 'a live-op request that claims a pass but carries no approval',
    expect: ['artefact_missing'],
    run: async (c) => {
      const request = await openRequest(c, { text: UPDATE_CRM, requester: ALICE, state: 'approved' });
      const claim = {
        action: 'execute',
        actor: { kind: 'system', name: 'worker' },
        request: { ...request, votes: [{ voter: CAROL, decision: 'approve', at: 0 }] },
        artefact: null,
        currentScopeHash: request.scopeHash,
        approved: true,
        token: 'PRODUCTION_PASS',
      } as unknown as GuardRequest;
      return outcome(c.decide(claim, guardContext(c)));
    },
  },
];
