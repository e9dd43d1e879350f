import { shortScope } from '../src/domain/compute-scope-hash.js';
import type { GovernedRequest, RequestState } from '../src/domain/governed-request.js';
import type { LocalText } from '../src/domain/i18n/locale.js';
import type { MessageKey } from '../src/domain/i18n/messages-en-us.js';
import { joinText, translate } from '../src/domain/i18n/translate.js';
import { buildDiffRows } from './build-diff-rows.js';
import { buildSchemaRows, formatSchemaRow } from './build-schema-rows.js';
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
      : { rows: [], totalRows: 0, hiddenRows: 0, hiddenRecords: 0 };
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
          translate('request.tier_stage', {
            tier: request.tier,
            meaning: translate(`tier.${request.tier}`),
            stage: request.stage,
          }),
        ],
        '\n',
      ),
    ),
    ...outdatedNote(request),
    // A schema change is a few rows of Larkgate's own words (exists, definition, backed up …): markdown
    // lines, which carry every locale. A record diff is the Base's values: a table, whose column names and
    // cells have no i18n_ form in card JSON 2.0, so they stay en_us.
    plan.kind === 'records'
      ? table(
          [
            { name: 'record', displayName: 'Record', dataType: 'text' },
            { name: 'field', displayName: 'Field', dataType: 'text' },
            { name: 'before', displayName: 'Before', dataType: 'lark_md' },
            { name: 'after', displayName: 'After', dataType: 'lark_md' },
          ],
          diff.rows,
        )
      : markdown(joinText(buildSchemaRows(plan).map(formatSchemaRow), '\n')),
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
  const lines = request.outdated.map((note) =>
    joinText([
      "<font color='red'>",
      translate('request.outdated', { records: note.recordIds.map(escapeLarkMd).join(', '), by: note.by }),
      '</font>',
    ]),
  );
  return [markdown(joinText([...lines, translate('request.ask_again')], '\n'))];
}

function originLines(request: GovernedRequest): LocalText[] {
  const { origin } = request;
  // The agent's id and reason are its own text (hostile): escaped, never markup or a mention.
  const agentLine = (agentId: string) =>
    translate('origin.agent', { agent: escapeLarkMd(agentId), user: mentionUser(request.requester) });
  if (origin.kind === 'rollback') {
    const lines = [
      origin.drillId
        ? translate('origin.rollback_drill', {
            of: origin.of,
            backup: origin.backupId,
            drill: origin.drillId,
          })
        : translate('origin.rollback', { of: origin.of, backup: origin.backupId }),
    ];
    if (origin.agentId) lines.push(agentLine(origin.agentId));
    if (origin.conflicts.length > 0) {
      lines.push(
        translate('origin.conflict', {
          of: origin.of,
          conflicts: origin.conflicts.map(escapeLarkMd).join('; '),
        }),
      );
    }
    return lines;
  }
  if (origin.kind === 'drill') return [translate('origin.drill', { drill: origin.drillId })];
  if (origin.kind === 'agent') {
    return [agentLine(origin.agentId), translate('origin.reason', { reason: escapeLarkMd(origin.reason) })];
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
    parts.push(translate('request.distinct_groups', { count: request.distinctGroups }));
  if (request.state === 'pending') {
    parts.push(joinText(['· ', whoApproves(request, eligible, groups)]));
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
    lines.push(translate('request.dry_run_line', { base: request.plan.base.alias, stage: request.stage }));
  if (request.state === 'expired')
    lines.push(translate('request.expired_line', { time: formatTime(request.expiresAt) }));
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
): LocalText {
  if (eligible.length === 0) return translate('approvers.nobody');
  const groupNames = Object.keys(groups);
  if (request.distinctGroups > 0 && groupNames.length > 0) {
    const byGroup = joinText(
      groupNames.map((group) => {
        const members = (groups[group] ?? []).filter((openId) => eligible.includes(openId));
        return joinText([
          `${escapeLarkMd(group)}: `,
          members.length > 0 ? members.map(mentionUser).join(', ') : translate('approvers.only_requester'),
        ]);
      }),
      '; ',
    );
    return request.distinctGroups >= groupNames.length
      ? translate('approvers.each_group', { count: groupNames.length, groups: byGroup })
      : translate('approvers.some_groups', { count: request.distinctGroups, groups: byGroup });
  }
  const named = eligible
    .map((openId) => {
      const memberOf = groupNames.filter((group) => groups[group]?.includes(openId));
      return memberOf.length > 0
        ? `${mentionUser(openId)} (${memberOf.map(escapeLarkMd).join(', ')})`
        : mentionUser(openId);
    })
    .join(', ');
  if (request.approvalsNeeded >= eligible.length)
    return eligible.length === 1
      ? translate('approvers.one', { people: named })
      : translate('approvers.all', { count: eligible.length, people: named });
  return translate('approvers.any', { count: request.approvalsNeeded, people: named });
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
