import { shortScope } from '../src/domain/compute-scope-hash.js';
import type { GovernedRequest, RequestState } from '../src/domain/governed-request.js';
import type { LocalText } from '../src/domain/i18n/locale.js';
import type { MessageKey } from '../src/domain/i18n/messages-en-us.js';
import { joinText, translate } from '../src/domain/i18n/translate.js';
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
  /** While a long live op runs: where it stands (buildProgressLine), shown under the diff. */
  progress?: LocalText;
};

const STATE_COLOR: Record<RequestState, HeaderColor> = {
  pending: 'orange',
  dry_run: 'violet',
  approved: 'blue',
  executing: 'blue',
  applied: 'green',
  verify_failed: 'red',
  stale: 'red',
  failed: 'red',
  needs_review: 'carmine',
  rejected: 'grey',
  expired: 'grey',
};

/** The operation's verb in every locale (catalogue keys `verb.<op>`). */
const verb = (op: GovernedRequest['plan']['op']): LocalText => translate(`verb.${op}` as MessageKey);

const lowerFirst = (text: LocalText): LocalText =>
  Object.fromEntries(
    Object.entries(text).map(([locale, value]) => [locale, value.charAt(0).toLowerCase() + value.slice(1)]),
  ) as LocalText;

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
  { request, approvers, approverGroups = {}, now, actions = true, progress }: RequestCardInput,
  maxRows: number,
): Card {
  const { plan } = request;
  // Once a rollback is applied, the card says so instead of "Applied" (and offers no second rollback).
  const look = request.rolledBackBy
    ? { color: 'grey' as const, label: translate('state.rolled_back', { id: request.rolledBackBy }) }
    : { color: STATE_COLOR[request.state], label: translate(`state.${request.state}` as MessageKey) };
  const records = plan.kind === 'records' ? plan.changes.length : 0;
  const target = `${plan.base.alias}/${plan.table.name}`;
  const diff =
    plan.kind === 'records'
      ? buildDiffRows(plan, maxRows)
      : { rows: buildSchemaRows(plan), totalRows: 0, hiddenRows: 0, hiddenRecords: 0 };
  const what = (verbText: LocalText) =>
    plan.kind === 'records'
      ? translate(records === 1 ? 'request.what.record' : 'request.what.records', {
          verb: verbText,
          count: records,
          target,
        })
      : translate('request.what.schema', { verb: verbText, target });
  const action =
    request.origin.kind === 'rollback'
      ? translate('request.what.rollback', { id: request.origin.of, what: what(lowerFirst(verb(plan.op))) })
      : what(verb(plan.op));
  // A drill's own requests are approved by the drill runner (guard: drill-approve), never by a click.
  const byDrill =
    request.origin.kind === 'drill' || (request.origin.kind === 'rollback' && request.origin.drillId);
  const subject =
    plan.kind === 'records'
      ? translate(records === 1 ? 'request.subject.record' : 'request.subject.records', {
          verb: verb(plan.op),
          count: records,
          target: escapeLarkMd(target),
        })
      : translate('request.subject.schema', { verb: verb(plan.op), target: escapeLarkMd(target) });
  const elements: CardElement[] = [
    markdown(
      joinText(
        [
          translate('request.asked_by', { subject, user: mentionUser(request.requester) }),
          ...originLines(request),
          `**Tier** ${request.tier} (${TIER_RULES[request.tier].meaning}) · **Stage** ${request.stage}`,
        ],
        '\n',
      ),
    ),
    ...outdatedNote(request),
    table(
      [
        // Column names stay en_us: a table column's display_name has no i18n_ form in card JSON 2.0.
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
        translate(diff.hiddenRecords === 1 ? 'request.hidden_rows_one' : 'request.hidden_rows', {
          shown: diff.rows.length,
          total: diff.totalRows,
          hidden: diff.hiddenRows,
          hiddenRecords: diff.hiddenRecords,
          id: request.id,
        }),
      ),
    );
  }
  elements.push(markdown(approvalLine(request, approvers, approverGroups, now)));
  if (progress && (request.state === 'executing' || request.state === 'approved'))
    elements.push(markdown(progress));
  const outcome = outcomeLines(request);
  if (outcome.length > 0) elements.push(markdown(joinText(outcome, '\n')));
  if (request.state === 'pending' && byDrill) {
    elements.push(markdown(translate('request.drill_note')));
  }
  if (!actions) {
    elements.push(
      markdown(
        translate(request.state === 'pending' && !byDrill ? 'request.snapshot.pending' : 'request.snapshot'),
      ),
    );
  }
  if (actions && request.state === 'pending' && !byDrill) {
    const value = { request_id: request.id, scope: request.scopeHash };
    elements.push(
      buttonRow([
        button({
          text: translate('request.button.approve'),
          type: 'primary_filled',
          value: { action: 'approve', ...value },
          confirm: {
            title: translate('request.confirm.approve'),
            text: action,
          },
        }),
        button({
          text: translate('request.button.reject'),
          type: 'danger',
          value: { action: 'reject', ...value },
        }),
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
          text: translate('request.button.rollback'),
          type: 'default',
          value: { action: 'rollback', request_id: request.id },
          confirm: {
            title: translate('request.confirm.rollback'),
            text: translate('request.confirm.rollback_text'),
          },
        }),
      ]),
    );
  }
  elements.push(
    markdown(
      joinText([
        `<font color='grey'>${request.id} · `,
        translate('request.footer_scope'),
        ` ${shortScope(request.scopeHash)}</font>`,
      ]),
    ),
  );
  return buildCard({
    // A rollback says what it undoes first: "Update · crm/Tasks" would read like a new change.
    title:
      request.origin.kind === 'rollback'
        ? translate('request.title.rollback', { id: request.origin.of, target })
        : joinText([verb(plan.op), ` · ${target}`]),
    subtitle: joinText([look.label, ` · ${request.id}`]),
    color: look.color,
    tags: [
      { text: request.tier, color: request.tier === 'L0' || request.tier === 'L1' ? 'neutral' : 'orange' },
      { text: request.stage, color: request.stage === 'live' ? 'green' : 'violet' },
      {
        text: look.label,
        color: look.color === 'green' ? 'green' : look.color === 'red' ? 'red' : 'neutral',
      },
    ],
    summary: joinText([look.label, ': ', action]),
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
  return [markdown(joinText([...lines, translate('request.ask_again')], '\n'))];
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
): LocalText {
  const approved = request.votes.filter((vote) => vote.decision === 'approve').map((vote) => vote.voter);
  const rejected = request.votes.filter((vote) => vote.decision === 'reject').map((vote) => vote.voter);
  const eligible = approvers.filter((openId) => openId !== request.requester);
  const parts: (string | LocalText)[] = [
    translate('request.approvals', { count: approved.length, needed: request.approvalsNeeded }),
  ];
  if (request.state !== 'pending' && request.distinctGroups > 0)
    parts.push(`from ${request.distinctGroups} different groups`);
  if (request.state === 'pending') {
    parts.push(`· ${whoApproves(request, eligible, groups)}`);
    parts.push(
      translate('request.expires', {
        time: formatTime(request.expiresAt),
        relative: formatRelative(request.expiresAt, now),
      }),
    );
  }
  const lines: (string | LocalText)[] = [joinText(parts, ' ')];
  if (approved.length > 0)
    lines.push(translate('request.approved_by', { people: approved.map(mentionUser).join(', ') }));
  if (rejected.length > 0) {
    lines.push(
      rejected.includes(request.requester)
        ? translate('request.withdrawn')
        : translate('request.rejected_by', { people: rejected.map(mentionUser).join(', ') }),
    );
  }
  if (request.state === 'dry_run')
    lines.push(
      `${request.plan.base.alias} is in the ${request.stage} stage: this card is a dry run, nothing can be approved or executed.`,
    );
  if (request.state === 'expired')
    lines.push(`Expired at ${formatTime(request.expiresAt)}: ask again for a fresh diff.`);
  return joinText(lines, '\n');
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

function outcomeLines(request: GovernedRequest): LocalText[] {
  const execution = request.execution;
  if (!execution) return [];
  const lines: LocalText[] = [];
  if (execution.backupId) lines.push(translate('outcome.backup', { id: execution.backupId }));
  if (execution.verification) {
    lines.push(
      execution.verification.ok
        ? translate(request.plan.kind === 'records' ? 'outcome.verified_records' : 'outcome.verified_schema')
        : translate('outcome.verify_failed', {
            mismatches: execution.verification.mismatches.map(escapeLarkMd).join('; '),
          }),
    );
  }
  if (execution.finishedAt && request.state === 'applied')
    lines.push(translate('outcome.applied', { time: formatTime(execution.finishedAt) }));
  // The problem is Lark's or the Base's words (hostile): escaped, as before.
  if (execution.problem)
    lines.push(
      translate(request.state === 'stale' ? 'outcome.stale' : 'outcome.problem', {
        problem: escapeLarkMd(execution.problem),
      }),
    );
  if (request.rolledBackBy) lines.push(translate('outcome.rolled_back', { id: request.rolledBackBy }));
  return lines;
}
