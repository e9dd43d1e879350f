import { shortScope } from '../src/domain/compute-scope-hash.js';
import type { GovernedRequest, RequestState } from '../src/domain/governed-request.js';
import { TIER_RULES } from '../src/domain/tiers.js';
import { buildDiffRows } from './build-diff-rows.js';
import { buildSchemaRows } from './build-schema-rows.js';
import {
  buildCard,
  button,
  buttonRow,
  type Card,
  type CardElement,
  type HeaderColor,
  markdown,
  table,
} from './card-parts.js';
import { escapeLarkMd, mentionUser } from './escape-lark-md.js';
import { fitCard } from './fit-card.js';
import { formatRelative, formatTime } from './format-time.js';

export type RequestCardInput = {
  request: GovernedRequest;
  /** Everyone who may approve on this base, shown as "from whom". */
  approvers: readonly string[];
  /**
   * The base's approver groups with their members: the card names each approver's group, and with a
   * distinct-groups rule (L4) says one approval must come from each of that many groups.
   */
  approverGroups?: Readonly<Record<string, readonly string[]>>;
  now: number;
  /**
   * False for a snapshot (`status <id>`): no buttons, since votes count only on the request's own card,
   * and a line saying where to act. Default true.
   */
  actions?: boolean;
};

const STATE_LOOK: Record<RequestState, { color: HeaderColor; label: string }> = {
  pending: { color: 'orange', label: 'Approval needed' },
  dry_run: { color: 'violet', label: 'Dry run only' },
  approved: { color: 'blue', label: 'Approved, queued' },
  executing: { color: 'blue', label: 'Running' },
  applied: { color: 'green', label: 'Applied and verified' },
  verify_failed: { color: 'red', label: 'Applied, verification FAILED' },
  stale: { color: 'red', label: 'Not applied: stale' },
  failed: { color: 'red', label: 'Failed' },
  needs_review: { color: 'carmine', label: 'Needs a human' },
  rejected: { color: 'grey', label: 'Rejected' },
  expired: { color: 'grey', label: 'Expired' },
};

const VERB: Record<GovernedRequest['plan']['op'], string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  'batch-delete': 'Batch delete',
  'table.create': 'Create table',
  'table.delete': 'Delete table',
  'field.create': 'Create field',
  'field.update': 'Update field',
  'field.delete': 'Delete field',
};

/**
 * The dry-run diff card and every later state of it (docs/product.md §2 steps 3–5): what changes, per record
 * and field before → after, the tier and stage, approvals needed and from whom, the expiry, the request id
 * and short scope hash, and Approve / Reject while it is pending. Large diffs are summarised with an
 * explicit count of what is not shown, so the card stays within Lark's limits.
 */
export function buildRequestCard(input: RequestCardInput): Card {
  return fitCard((maxRows) => assemble(input, maxRows));
}

function assemble(
  { request, approvers, approverGroups = {}, now, actions = true }: RequestCardInput,
  maxRows: number,
): Card {
  const { plan } = request;
  // Once a rollback is applied, the card says so instead of "Applied" (and offers no second rollback).
  const look = request.rolledBackBy
    ? { color: 'grey' as const, label: `Rolled back by ${request.rolledBackBy}` }
    : STATE_LOOK[request.state];
  const records = plan.kind === 'records' ? plan.changes.length : 0;
  const target = `${plan.base.alias}/${plan.table.name}`;
  const diff =
    plan.kind === 'records'
      ? buildDiffRows(plan, maxRows)
      : { rows: buildSchemaRows(plan), totalRows: 0, hiddenRows: 0, hiddenRecords: 0 };
  const what =
    plan.kind === 'records' ? `${records} record${records === 1 ? '' : 's'} in ${target}` : `in ${target}`;
  const action =
    request.origin.kind === 'rollback'
      ? `Rollback of ${request.origin.of}: ${VERB[plan.op].toLowerCase()} ${what}`
      : `${VERB[plan.op]} ${what}`;
  // A drill's own requests are approved by the drill runner (guard: drill-approve), never by a click.
  const byDrill =
    request.origin.kind === 'drill' || (request.origin.kind === 'rollback' && request.origin.drillId);
  const subject =
    plan.kind === 'records'
      ? `**${VERB[plan.op]}** ${records} record${records === 1 ? '' : 's'} in **${escapeLarkMd(target)}**`
      : `**${VERB[plan.op]}** in **${escapeLarkMd(target)}** (sandbox schema change)`;
  const elements: CardElement[] = [
    markdown(
      [
        `${subject}, asked by ${mentionUser(request.requester)}`,
        ...originLines(request),
        `**Tier** ${request.tier} (${TIER_RULES[request.tier].meaning}) · **Stage** ${request.stage}`,
      ].join('\n'),
    ),
    ...outdatedNote(request),
    table(
      [
        { name: 'record', displayName: plan.kind === 'records' ? 'Record' : 'Item', dataType: 'text' },
        { name: 'field', displayName: plan.kind === 'records' ? 'Field' : 'Property', dataType: 'text' },
        { name: 'before', displayName: 'Before', dataType: 'lark_md' },
        { name: 'after', displayName: 'After', dataType: 'lark_md' },
      ],
      diff.rows,
    ),
  ];
  if (diff.hiddenRows > 0) {
    elements.push(
      markdown(
        `Showing ${diff.rows.length} of ${diff.totalRows} field changes (${diff.hiddenRows} more in ${diff.hiddenRecords} more record${diff.hiddenRecords === 1 ? '' : 's'} not shown). The scope hash covers all of them; \`status ${request.id}\` lists the rest.`,
      ),
    );
  }
  elements.push(markdown(approvalLine(request, approvers, approverGroups, now)));
  const outcome = outcomeLines(request);
  if (outcome.length > 0) elements.push(markdown(outcome.join('\n')));
  if (request.state === 'pending' && byDrill) {
    elements.push(
      markdown('The drill runner approves this itself (an audited approval artefact): no button to click.'),
    );
  }
  if (!actions) {
    elements.push(
      markdown(
        request.state === 'pending' && !byDrill
          ? 'A status snapshot: approve or reject on the request’s own card.'
          : 'A status snapshot, as of now.',
      ),
    );
  }
  if (actions && request.state === 'pending' && !byDrill) {
    const value = { request_id: request.id, scope: request.scopeHash };
    elements.push(
      buttonRow([
        button({
          text: 'Approve',
          type: 'primary_filled',
          value: { action: 'approve', ...value },
          confirm: {
            title: 'Approve this change?',
            text: action,
          },
        }),
        button({ text: 'Reject', type: 'danger', value: { action: 'reject', ...value } }),
      ]),
    );
  }
  if (
    actions &&
    request.state === 'applied' &&
    request.execution?.backupId &&
    !byDrill &&
    !request.rolledBackBy
  ) {
    elements.push(
      buttonRow([
        button({
          text: 'Roll back',
          type: 'default',
          value: { action: 'rollback', request_id: request.id },
          confirm: {
            title: 'Prepare a rollback?',
            text: 'A rollback is a new request: you will see its diff and it needs approval.',
          },
        }),
      ]),
    );
  }
  elements.push(markdown(`<font color='grey'>${request.id} · scope ${shortScope(request.scopeHash)}</font>`));
  return buildCard({
    // A rollback says what it undoes first: "Update · crm/Tasks" would read like a new change.
    title:
      request.origin.kind === 'rollback'
        ? `Rollback of ${request.origin.of} · ${target}`
        : `${VERB[plan.op]} · ${target}`,
    subtitle: `${look.label} · ${request.id}`,
    color: look.color,
    tags: [
      { text: request.tier, color: request.tier === 'L0' || request.tier === 'L1' ? 'neutral' : 'orange' },
      { text: request.stage, color: request.stage === 'live' ? 'green' : 'violet' },
      {
        text: look.label,
        color: look.color === 'green' ? 'green' : look.color === 'red' ? 'red' : 'neutral',
      },
    ],
    summary: `${look.label}: ${action}`,
    elements,
  });
}

/** While pending: which records another applied request changed since this diff was made. */
function outdatedNote(request: GovernedRequest): CardElement[] {
  if (request.state !== 'pending' || !request.outdated?.length) return [];
  const lines = request.outdated.map(
    (note) =>
      `<font color='red'>**Outdated**: ${note.recordIds.map(escapeLarkMd).join(', ')} changed since this diff (by ${note.by}); this request will abort as stale if approved.</font>`,
  );
  return [markdown([...lines, 'Ask again for a fresh diff.'].join('\n'))];
}

function originLines(request: GovernedRequest): string[] {
  const { origin } = request;
  if (origin.kind === 'rollback') {
    const lines = [
      `**Rollback** of ${origin.of}, from backup ${origin.backupId}${origin.drillId ? ` (drill ${origin.drillId})` : ''}`,
    ];
    if (origin.agentId) {
      lines.push(
        `**Asked by agent** ${escapeLarkMd(origin.agentId)} on behalf of ${mentionUser(request.requester)}, who therefore cannot approve it`,
      );
    }
    if (origin.conflicts.length > 0) {
      lines.push(
        `**Conflict**: the target changed after ${origin.of} was applied; approving this overwrites those changes: ${origin.conflicts.map(escapeLarkMd).join('; ')}`,
      );
    }
    return lines;
  }
  if (origin.kind === 'drill') return [`**Drill** ${origin.drillId} on the sandbox`];
  if (origin.kind === 'agent') {
    // The agent's reason is its own text (hostile): escaped, never markup or a mention.
    return [
      `**Asked by agent** ${escapeLarkMd(origin.agentId)} on behalf of ${mentionUser(request.requester)}, who therefore cannot approve it`,
      `**Reason** ${escapeLarkMd(origin.reason)}`,
    ];
  }
  return [];
}

function approvalLine(
  request: GovernedRequest,
  approvers: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
  now: number,
): string {
  const approved = request.votes.filter((vote) => vote.decision === 'approve').map((vote) => vote.voter);
  const rejected = request.votes.filter((vote) => vote.decision === 'reject').map((vote) => vote.voter);
  const eligible = approvers.filter((openId) => openId !== request.requester);
  const parts = [`**Approvals** ${approved.length} of ${request.approvalsNeeded} needed`];
  if (request.state !== 'pending' && request.distinctGroups > 0)
    parts.push(`from ${request.distinctGroups} different groups`);
  if (request.state === 'pending') {
    parts.push(`· ${whoApproves(request, eligible, groups)}`);
    parts.push(`· **Expires** ${formatTime(request.expiresAt)} (${formatRelative(request.expiresAt, now)})`);
  }
  const lines = [parts.join(' ')];
  if (approved.length > 0) lines.push(`Approved by ${approved.map(mentionUser).join(', ')}`);
  if (rejected.length > 0) {
    lines.push(
      rejected.includes(request.requester)
        ? 'Withdrawn by the requester'
        : `Rejected by ${rejected.map(mentionUser).join(', ')}`,
    );
  }
  if (request.state === 'dry_run')
    lines.push(
      `${request.plan.base.alias} is in the ${request.stage} stage: this card is a dry run, nothing can be approved or executed.`,
    );
  if (request.state === 'expired')
    lines.push(`Expired at ${formatTime(request.expiresAt)}: ask again for a fresh diff.`);
  return lines.join('\n');
}

/**
 * Who may approve and how the approvals must be spread (apply-vote.ts): with a distinct-groups rule, one
 * from each of that many groups, listed by group; otherwise any N of the eligible people, or all of them
 * when N is everyone. Each person's group is named so "from Bob, Carol" is never a riddle.
 */
function whoApproves(
  request: GovernedRequest,
  eligible: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): string {
  if (eligible.length === 0) return 'from nobody configured';
  const groupNames = Object.keys(groups);
  if (request.distinctGroups > 0 && groupNames.length > 0) {
    const byGroup = groupNames
      .map((group) => {
        const members = (groups[group] ?? []).filter((openId) => eligible.includes(openId));
        return `${escapeLarkMd(group)}: ${members.map(mentionUser).join(', ') || 'nobody but the requester'}`;
      })
      .join('; ');
    const spread =
      request.distinctGroups >= groupNames.length
        ? `one from each of the ${groupNames.length} approver groups`
        : `from at least ${request.distinctGroups} different approver groups, one each`;
    return `${spread} (${byGroup})`;
  }
  const named = eligible.map((openId) => {
    const memberOf = groupNames.filter((group) => groups[group]?.includes(openId));
    return memberOf.length > 0
      ? `${mentionUser(openId)} (${memberOf.map(escapeLarkMd).join(', ')})`
      : mentionUser(openId);
  });
  if (request.approvalsNeeded >= eligible.length)
    return `${eligible.length === 1 ? 'from' : `all ${eligible.length} must approve:`} ${named.join(', ')}`;
  return `any ${request.approvalsNeeded} of ${named.join(', ')}`;
}

function outcomeLines(request: GovernedRequest): string[] {
  const execution = request.execution;
  if (!execution) return [];
  const lines: string[] = [];
  if (execution.backupId) lines.push(`**Backup** ${execution.backupId} (OpenPGP-encrypted before-state)`);
  if (execution.verification) {
    lines.push(
      execution.verification.ok
        ? request.plan.kind === 'records'
          ? '**Verified** read back after the write: every field matches the approved after-state'
          : '**Verified** read the schema back after the write: it matches the approved after-state'
        : `**Verification failed**: ${execution.verification.mismatches.map(escapeLarkMd).join('; ')}`,
    );
  }
  if (execution.finishedAt && request.state === 'applied')
    lines.push(`**Applied** ${formatTime(execution.finishedAt)}`);
  if (execution.problem)
    lines.push(`**${request.state === 'stale' ? 'Stale' : 'Problem'}** ${escapeLarkMd(execution.problem)}`);
  if (request.rolledBackBy)
    lines.push(
      `**Rolled back** by ${request.rolledBackBy} (\`status ${request.rolledBackBy}\` shows what it restored)`,
    );
  return lines;
}
