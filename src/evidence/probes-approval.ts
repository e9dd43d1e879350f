import type { GuardRequest } from '../domain/guard.js';
import type { Probe } from './probe.js';
import {
  approve,
  approvedRequest,
  chatCommand,
  click,
  execute,
  freshUpdate,
  guardContext,
  openRequest,
  outcome,
  tamperedPlan,
  tamperedScope,
  vote,
} from './probe-steps.js';

const ALICE = 'ou_alice';
const BOB = 'ou_bob';
const CAROL = 'ou_carol';
const ERIN = 'ou_erin';
const updateCrm = () => freshUpdate('crm/Tasks', 'recTask0001');

/**
 * Approval inputs that must be refused, through the real card handler (`handleCardAction`) and the real
 * live op (`runLiveOp`) with real requests in the real store: acting without approval (P1),
 * approvals from the wrong people (P2), approvals replayed, expired or spent (P3), and inputs that claim a
 * pass or changed after approval (P9).
 */
export const APPROVAL_PROBES: readonly Probe[] = [
  {
    id: 'P1.execute-without-approval',
    seedClass: 'P1',
    title: 'the live op given a request marked approved that nobody approved (no artefact)',
    expect: ['artefact_missing'],
    run: async (c) =>
      execute(c, await openRequest(c, { text: updateCrm(), requester: ALICE, state: 'approved' })),
  },
  {
    id: 'P1.borrowed-artefact',
    seedClass: 'P1',
    title: 'the live op given another request’s approval',
    expect: ['artefact_scope_mismatch'],
    run: async (c) => {
      const { artefact } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      const other = await openRequest(c, { text: freshUpdate('crm/Tasks', 'recTask0002'), requester: ALICE });
      const borrowed = await c.rig.requests.update(other.id, (request) => ({
        ...request,
        state: 'approved',
        artefactId: artefact.id,
      }));
      if (!borrowed) throw new Error('request vanished');
      return execute(c, borrowed);
    },
  },
  {
    id: 'P2.self-approval',
    seedClass: 'P2',
    title: 'an approver approving their own request',
    expect: ['self_approval'],
    run: async (c) => vote(c, await openRequest(c, { text: updateCrm(), requester: BOB }), { voter: BOB }),
  },
  {
    id: 'P2.approver-not-allowed',
    seedClass: 'P2',
    title: 'an approval from someone who is not an approver of the base',
    expect: ['approver_not_allowed'],
    run: async (c) => vote(c, await openRequest(c, { text: updateCrm(), requester: ALICE }), { voter: ERIN }),
  },
  {
    id: 'P2.same-approver-twice',
    seedClass: 'P2',
    title: 'one approver counted twice toward a two-approval (L3) request',
    expect: ['already_voted'],
    run: async (c) => {
      const request = await openRequest(c, {
        text: freshUpdate('billing/Invoices', 'recInv0002', 'Customer'),
        requester: ALICE,
        votes: [{ voter: BOB, decision: 'approve', at: c.rig.clock() }],
      });
      return vote(c, request, { voter: BOB });
    },
  },
  {
    id: 'P2.drill-runner-approves-chat-request',
    seedClass: 'P2',
    title: 'the drill runner approving a person’s request (it may approve only its own drill requests)',
    expect: ['approver_not_allowed'],
    run: async (c) => {
      const request = await openRequest(c, {
        text: freshUpdate('sandbox/Scratch', 'recScr0001', 'Name'),
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
    title: 'a rollback drill started on a production base (the real drill runner)',
    expect: ['drill_outside_sandbox'],
    run: async (c) => {
      const run = await c.rig.drill('crm', { decide: c.decide });
      if (run.error) throw run.error;
      const refusals = run.audited.flatMap((event) =>
        Array.isArray(event.details.denials)
          ? (event.details.denials as Array<{ code: string; message: string }>).map((d) => ({
              code: d.code,
              message: d.message,
            }))
          : [],
      );
      return {
        allowed: run.passed || run.writes.length > 0,
        leaked:
          run.writes.length > 0 ? [`the drill wrote to crm (${[...new Set(run.writes)].join(', ')})`] : [],
        refusals,
      };
    },
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
      vote(c, await openRequest(c, { text: updateCrm(), requester: ALICE, expiresInMs: -1 }), { voter: BOB }),
  },
  {
    id: 'P3.replayed-artefact',
    seedClass: 'P3',
    title: 'the live op run again with the approval it already used',
    expect: ['artefact_used'],
    run: async (c) => {
      const { request, artefact } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      const stored = await c.rig.requests.get(request.id);
      if (!stored) throw new Error('request vanished');
      const consume = { kind: 'consume' as const, artefactId: artefact.id, at: c.rig.clock() };
      if (
        (await c.rig.requests.transition(stored, { ...request, state: 'executing' }, consume)) !== 'written'
      )
        throw new Error('the first, legitimate use was refused');
      // A replay: the same approved request and artefact handed to the live op again.
      const replay = await c.rig.requests.update(request.id, (current) => ({
        ...current,
        state: 'approved',
      }));
      if (!replay) throw new Error('request vanished');
      return execute(c, replay);
    },
  },
  {
    id: 'P3.replayed-artefact-consume',
    seedClass: 'P3',
    title: 'a single-use approval consumed a second time (two workers racing on one job)',
    expect: ['artefact_used'],
    run: async (c) => {
      const { request, artefact } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      const first = await c.rig.requests.get(request.id);
      if (!first) throw new Error('request vanished');
      const consume = { kind: 'consume' as const, artefactId: artefact.id, at: c.rig.clock() };
      if ((await c.rig.requests.transition(first, { ...request, state: 'executing' }, consume)) !== 'written')
        throw new Error('the first, legitimate use was refused');
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
            ? [{ code: 'artefact_used', message: 'the request store refused the second consume' }]
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
      vote(c, await openRequest(c, { text: updateCrm(), requester: ALICE, state: 'applied' }), {
        voter: BOB,
      }),
  },
  {
    id: 'P4.approve-dry-run',
    seedClass: 'P4',
    title: 'an approval of a dry-run card (base in the dry-run stage)',
    expect: ['request_not_pending'],
    run: async (c) =>
      vote(c, await openRequest(c, { text: freshUpdate('drafts/Tasks', 'recTask0001'), requester: ALICE }), {
        voter: BOB,
      }),
  },
  {
    id: 'P4.execute-in-dry-run',
    seedClass: 'P4',
    title: 'the live op on a base in the dry-run stage, even with an approval',
    expect: ['stage_forbids_writes'],
    run: async (c) => {
      const dryRun = await openRequest(c, {
        text: freshUpdate('drafts/Tasks', 'recTask0001'),
        requester: ALICE,
      });
      const { request } = await approve(c, dryRun, [BOB]);
      return execute(c, request);
    },
  },
  {
    id: 'P9.changed-before-vote',
    seedClass: 'P9',
    title: 'an approval of a card that shows another change than the request holds',
    expect: ['scope_mismatch'],
    run: async (c) => {
      const request = await openRequest(c, { text: updateCrm(), requester: ALICE });
      return vote(c, request, { voter: BOB, scope: tamperedScope(request) });
    },
  },
  {
    id: 'P9.changed-after-approval',
    seedClass: 'P9',
    title: 'the change differs from what was approved when the live op starts',
    expect: ['artefact_scope_mismatch'],
    run: async (c) => {
      const { request } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      const changed = await c.rig.requests.update(request.id, (current) => ({
        ...current,
        plan: tamperedPlan(current),
      }));
      if (!changed) throw new Error('request vanished');
      return execute(c, changed);
    },
  },
  {
    id: 'P9.card-claims-approved',
    seedClass: 'P9',
    title: 'a card click that claims the request is already approved',
    expect: ['unknown_action'],
    run: async (c) => {
      const request = await openRequest(c, { text: updateCrm(), requester: ALICE });
      return click(
        c,
        request,
        {
          action: 'approve',
          request_id: request.id,
          scope: request.scopeHash,
          approved: true,
          approvals: 2,
          verdict: 'PRODUCTION_PASS',
        },
        { from: BOB },
      );
    },
  },
  {
    id: 'P6.unknown-card-button',
    seedClass: 'P6',
    title: 'a card click with an action no button has',
    expect: ['unknown_action'],
    run: async (c) => {
      const request = await openRequest(c, { text: updateCrm(), requester: ALICE });
      return click(
        c,
        request,
        { action: 'deploy', request_id: request.id, scope: request.scopeHash },
        { from: BOB },
      );
    },
  },
  {
    id: 'P9.button-from-another-message',
    seedClass: 'P9',
    title: 'an Approve button lifted from another card (the right request and scope, another message)',
    expect: ['button_from_another_message'],
    run: async (c) => {
      const request = await openRequest(c, { text: updateCrm(), requester: ALICE });
      if (!request.cardMessageId) throw new Error('the request has no card');
      return click(
        c,
        request,
        { action: 'approve', request_id: request.id, scope: request.scopeHash },
        { from: BOB, messageId: 'om_some_other_card' },
      );
    },
  },
  {
    id: 'P9.execute-claims-pass',
    seedClass: 'P9',
    title: 'a live op on a request that claims its approvals (votes, approved state) but holds no artefact',
    expect: ['artefact_missing'],
    run: async (c) =>
      execute(
        c,
        await openRequest(c, {
          text: updateCrm(),
          requester: ALICE,
          state: 'approved',
          votes: [{ voter: CAROL, decision: 'approve', at: 0 }],
        }),
      ),
  },
  {
    id: 'P9.guard-claims-pass',
    seedClass: 'P9',
    title: 'the guard asked to run a request whose payload claims a pass but carries no approval',
    expect: ['artefact_missing'],
    run: async (c) => {
      const request = await openRequest(c, { text: updateCrm(), requester: ALICE, state: 'approved' });
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
  {
    id: 'P5.vote-not-audited',
    seedClass: 'P5',
    title: 'an approval while the audit log cannot record it (no audit, no approval)',
    expect: ['audit.unavailable'],
    run: async (c) =>
      vote(c, await openRequest(c, { text: updateCrm(), requester: ALICE }), {
        voter: BOB,
        auditFailsAt: 'approval.vote',
      }),
  },
  {
    id: 'P5.backup-not-taken',
    seedClass: 'P5',
    title: 'an approved live op whose backup cannot be taken (no backup, no write)',
    expect: ['backup.unavailable'],
    run: async (c) => {
      const { request } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      return execute(c, request, { backupFails: true });
    },
  },
  {
    id: 'P5.backup-not-audited',
    seedClass: 'P5',
    title: 'an approved live op whose backup.created cannot be audited (no proof of backup, no write)',
    expect: ['audit.unavailable'],
    run: async (c) => {
      const { request } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      return execute(c, request, { auditFailsAt: 'backup.created' });
    },
  },
  {
    id: 'P5.rollback-tampered-backup',
    seedClass: 'P5',
    title: 'a rollback from a backup altered after it was taken (never restored)',
    expect: ['backup.unusable'],
    run: async (c) => {
      const { request } = await approvedRequest(c, updateCrm(), ALICE, [BOB]);
      const applied = await execute(c, request);
      const backupId = (await c.rig.requests.get(request.id))?.request.execution?.backupId;
      if (applied.run.state !== 'applied' || !backupId)
        throw new Error(`set-up: the change was not applied with a backup (${String(applied.run.state)})`);
      await c.rig.tamperBackup(backupId);
      return chatCommand(c, `rollback ${request.id}`, { from: ALICE });
    },
  },
];
