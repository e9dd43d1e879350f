import type { GuardRequest } from '../domain/guard.js';
import type { Probe } from './probe.js';
import {
  brokenPolicySource,
  chatCommand,
  chatMessage,
  freshUpdate,
  guardContext,
  outcome,
} from './probe-steps.js';

const ALICE = 'ou_alice';
const BOB = 'ou_bob';
const ERIN = 'ou_erin';

/**
 * Chat inputs that must be refused before any request exists, sent through the worker's real intake
 * processor: unknown, missing or ambiguous actions and targets (P6), writes where the tier or stage
 * forbids them (P4), and bulk deletes without their proofs (P5). Each targets a base of the probe
 * organisation built so that the probed rule alone stands in the way.
 */
export const CHAT_PROBES: readonly Probe[] = [
  {
    id: 'P6.unknown-verb',
    seedClass: 'P6',
    title: 'an action Larkgate does not know ("deploy")',
    expect: ['parse.refused'],
    run: (c) => chatCommand(c, 'deploy crm/Tasks recTask0001', { from: ALICE }),
  },
  {
    id: 'P6.missing-verb',
    seedClass: 'P6',
    title: 'a target and a change with no action',
    expect: ['parse.refused'],
    run: (c) => chatCommand(c, 'crm/Tasks recTask0001 Status=Done', { from: ALICE }),
  },
  {
    id: 'P6.unknown-guard-action',
    seedClass: 'P6',
    title: 'the guard asked to judge an action it does not know',
    expect: ['unknown_action'],
    run: async (c) =>
      outcome(
        c.decide(
          { action: 'deploy', actor: { kind: 'user', openId: ALICE } } as unknown as GuardRequest,
          guardContext(c),
        ),
      ),
  },
  {
    id: 'P6.unknown-base',
    seedClass: 'P6',
    title: 'a write to a base that is not in policy',
    expect: ['unknown_base'],
    run: (c) => chatCommand(c, freshUpdate('nowhere/Tasks', 'recTask0001'), { from: ALICE }),
  },
  {
    id: 'P6.unknown-table',
    seedClass: 'P6',
    title: 'a write to a table the base does not allow',
    expect: ['unknown_table'],
    run: (c) => chatCommand(c, freshUpdate('crm/Salaries', 'recTask0001'), { from: ALICE }),
  },
  {
    id: 'P6.ambiguous-table',
    seedClass: 'P6',
    title: 'a write naming a table by a text that is one table’s id and another table’s name',
    expect: ['ambiguous_target'],
    run: (c) => chatCommand(c, freshUpdate('restricted/tblTasks0000001', 'recTask0001'), { from: BOB }),
  },
  {
    id: 'P6.record-given-twice',
    seedClass: 'P6',
    title: 'a delete listing the same record twice',
    expect: ['parse.refused'],
    run: (c) => chatCommand(c, 'delete crm/Tasks recTask0003 recTask0003', { from: ALICE }),
  },
  {
    id: 'P6.field-given-twice',
    seedClass: 'P6',
    title: 'an update giving one field two values',
    expect: ['parse.refused'],
    run: (c) => chatCommand(c, 'update crm/Tasks recTask0001 Status=Done Status=Open', { from: ALICE }),
  },
  {
    id: 'P5.request-not-audited',
    seedClass: 'P5',
    title: 'a write request while the audit log cannot record request.created (no audit, no request)',
    expect: ['audit.unavailable'],
    run: (c) =>
      chatCommand(c, freshUpdate('crm/Tasks', 'recTask0001'), {
        from: ALICE,
        auditFailsAt: 'request.created',
      }),
  },
  {
    id: 'P7.worker-without-policy',
    seedClass: 'P7',
    title: 'a chat job taken by a worker while no policy is in force (after a bad reload)',
    expect: ['policy.held'],
    run: async (c) => {
      const source = await brokenPolicySource(c);
      const job = await c.rig.intakeJob(
        chatMessage(c, freshUpdate('crm/Tasks', 'recTask0001'), { from: ALICE }),
        source,
      );
      const acted = job.audited.length > 0 || job.sent.length > 0;
      return {
        allowed: acted,
        leaked: acted
          ? [`the job ran: ${job.audited.map((e) => e.type).join(', ') || 'a reply was sent'}`]
          : [],
        refusals:
          job.delayedUntil !== null && !acted
            ? [
                {
                  code: 'policy.held',
                  message: 'the job went back to the delayed set until a policy is in force',
                },
              ]
            : [],
      };
    },
  },
  {
    id: 'P6.not-a-request-chat',
    seedClass: 'P6',
    title: 'a request from a chat that is not a requests chat',
    expect: ['not_a_request_chat'],
    run: (c) => chatCommand(c, 'get crm/Tasks recTask0001', { from: ALICE, chatId: 'oc_oncall' }),
  },
  {
    id: 'P4.tier-read-only',
    seedClass: 'P4',
    title: 'a write to an L1 (internal read-only) base',
    expect: ['tier_forbids_writes'],
    run: (c) => chatCommand(c, freshUpdate('ledger/Tasks', 'recTask0001'), { from: ALICE }),
  },
  {
    id: 'P4.stage-read-only',
    seedClass: 'P4',
    title: 'a write to a base in the read-only stage',
    expect: ['stage_forbids_writes'],
    run: (c) => chatCommand(c, freshUpdate('archive/Tasks', 'recTask0001'), { from: ALICE }),
  },
  {
    id: 'P4.limited-requester',
    seedClass: 'P4',
    title: 'a write in the limited stage by someone not on its list',
    expect: ['stage_limited_requester'],
    run: (c) => chatCommand(c, freshUpdate('pilot/Tasks', 'recTask0001'), { from: ERIN }),
  },
  {
    id: 'P4.limited-op',
    seedClass: 'P4',
    title: 'an op the limited stage does not allow (create)',
    expect: ['stage_limited_op'],
    run: (c) => chatCommand(c, 'create pilot/Tasks Title="not allowed yet"', { from: ALICE }),
  },
  {
    id: 'P4.limited-ceiling',
    seedClass: 'P4',
    title: 'more records than the limited stage allows per request',
    expect: ['stage_limited_ceiling'],
    run: (c) => chatCommand(c, 'delete pilot/Tasks recTask0001 recTask0002', { from: ALICE }),
  },
  {
    id: 'P4.requester-not-allowed',
    seedClass: 'P4',
    title: 'a write by someone not on the base’s list of requesters',
    expect: ['requester_not_allowed'],
    run: (c) => chatCommand(c, freshUpdate('restricted/Tasks', 'recTask0001'), { from: ALICE }),
  },
  {
    id: 'P4.over-record-ceiling',
    seedClass: 'P4',
    title: 'more records in one request than the base allows',
    expect: ['over_record_ceiling'],
    run: (c) => chatCommand(c, 'delete restricted/Tasks recTask0001 recTask0002 recTask0003', { from: BOB }),
  },
  {
    id: 'P5.drill-overdue',
    seedClass: 'P5',
    title: 'a write on an L2 base whose last passing rollback drill is 31 days old',
    expect: ['drill_overdue'],
    run: (c) =>
      chatCommand(c, freshUpdate('crm/Tasks', 'recTask0001'), {
        from: ALICE,
        drillAt: c.rig.clock() - 31 * 24 * 3600_000,
      }),
  },
  {
    id: 'P7.schema-on-production',
    seedClass: 'P7',
    title: 'a schema change (field-create) on a production base',
    expect: ['schema_outside_sandbox'],
    run: (c) => chatCommand(c, 'field-create crm/Tasks Priority text', { from: ALICE }),
  },
  {
    id: 'P7.schema-on-permanent-table',
    seedClass: 'P7',
    title: 'a schema change (field-delete) on the sandbox’s permanent table',
    expect: ['schema_outside_sandbox'],
    run: (c) => chatCommand(c, 'field-delete sandbox/Scratch Value', { from: ALICE }),
  },
  {
    id: 'P5.batch-delete-unmarked',
    seedClass: 'P5',
    title: 'a batch delete matching a record without the marker',
    expect: ['marker_missing'],
    run: (c) => chatCommand(c, 'batch-delete sandbox/Scratch Larkgate=keep', { from: ALICE }),
  },
  {
    id: 'P5.batch-delete-no-marker',
    seedClass: 'P5',
    title: 'a batch delete on a base with no marker configured',
    expect: ['marker_not_configured'],
    run: (c) => chatCommand(c, 'batch-delete crm/Tasks Status=Open', { from: ALICE }),
  },
  {
    id: 'P5.batch-over-ceiling',
    seedClass: 'P5',
    title: 'a batch delete over the ceiling from lark-api-limits.yaml',
    expect: ['batch_over_ceiling'],
    run: async (c) =>
      outcome(
        c.decide(
          {
            action: 'request-write',
            actor: { kind: 'user', openId: ALICE },
            chatId: 'oc_requests',
            chatType: 'group',
            base: 'sandbox',
            table: 'Scratch',
            op: 'batch-delete',
            recordCount: c.rig.policy.batchDeleteMaxRecords + 1,
            unmarked: [],
          },
          guardContext(c),
        ),
      ),
  },
];
