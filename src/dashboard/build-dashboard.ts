import type { AlertBook } from '../domain/alert.js';
import type { AuditEvent } from '../domain/audit-event.js';
import type { GovernedRequest } from '../domain/governed-request.js';
import type { BasePolicy } from '../domain/policy.js';
import { TIER_RULES } from '../domain/tiers.js';

/** Where a row's evidence is: one audit event, by its chain and seq (`chain#seq`). */
export type Evidence = { chain: string; seq: number };

/** What the dashboard reads, all of it already fetched (create-dashboard-reader.ts). */
export type DashboardInput = {
  now: number;
  bases: readonly BasePolicy[];
  pending: readonly GovernedRequest[];
  /** The audit stream's newest events, newest first. */
  events: readonly AuditEvent[];
  /** How many events the reader asked for: fewer back means the whole stream was read. */
  eventLimit: number;
  /** Jobs waiting or running on each base's live-op queue; null when it could not be read. */
  queueDepths: Readonly<Record<string, number | null>>;
  /** The monitor's alert book; null when monitoring is off or the book is unreadable. */
  alerts: AlertBook | null;
};

export type GateStatus = 'PASS' | 'PARTIAL' | 'MISSING';
export const READINESS_GATES = [1, 2, 3, 4, 5, 6, 7] as const;

export type Dashboard = {
  generatedAt: number;
  bases: Array<{
    alias: string;
    name: string;
    tier: string;
    stage: string;
    staging: boolean;
    tables: readonly string[];
    queueDepth: number | null;
  }>;
  pending: Array<{
    id: string;
    target: string;
    op: string;
    requester: string;
    createdAt: number;
    expiresAt: number;
    approvals: number;
    approvalsNeeded: number;
    rejections: number;
    stillNeeded: number;
    canApprove: string[];
    outdated: boolean;
    evidence: Evidence | null;
  }>;
  outcomes: Array<{
    requestId: string;
    outcome: 'applied' | 'verify failed' | 'stale' | 'failed' | 'rolled back';
    at: number;
    target: string | null;
    backupId: string | null;
    detail: string | null;
    evidence: Evidence;
  }>;
  drills: Array<{
    alias: string;
    tier: string;
    ruleDays: number | null;
    /** The newest passing drill anywhere: what the guard's drill rule judges every base by. */
    lastPassing: { at: number; base: string; evidence: Evidence } | null;
    /** The newest drill run on this base, passed or failed. */
    own: { at: number; passed: boolean; evidence: Evidence } | null;
    verdict: 'within rule' | 'too old' | 'no drill' | 'no rule';
  }>;
  readiness: {
    at: number;
    overall: string;
    gates: Array<{ gate: number; status: GateStatus }>;
    evidence: Evidence;
  } | null;
  alerts: {
    known: boolean;
    open: Array<{
      key: string;
      severity: string;
      state: string;
      since: number;
      ackedBy: string | null;
      detail: string;
      evidence: Evidence | null;
    }>;
  };
  audit: {
    newest: { at: number; type: string; evidence: Evidence } | null;
    checkpoints: Array<{ chain: string; at: number; evidence: Evidence }>;
    /**
     * The newest audited verification of the chains: `larkgate readiness` verifies both sinks before it
     * reads its evidence (src/evidence/read-evidence.ts). `larkgate audit verify` itself records no event.
     */
    lastVerify: { at: number; evidence: Evidence } | null;
    eventsRead: number;
    wholeStream: boolean;
  };
};

const OUTCOMES: Readonly<Record<string, Dashboard['outcomes'][number]['outcome']>> = {
  'op.verified': 'applied',
  'op.verify_failed': 'verify failed',
  'op.stale': 'stale',
  'op.failed': 'failed',
};
const RECENT_OUTCOMES = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The read-only dashboard (issue 16) as data: bases with tier, stage and tables; pending requests with age,
 * expiry, votes and approvers still needed; recent outcomes with backup ids; live-op queue depth; the drill
 * rule per base; readiness gates; open alerts; audit freshness. Every row names the audit event it rests on.
 * Pure: the reader fetched everything, the page only renders.
 */
export function buildDashboard(input: DashboardInput): Dashboard {
  const { events, now } = input;
  const evidence = (event: AuditEvent): Evidence => ({ chain: event.chain, seq: event.seq });
  const newestOf = (predicate: (event: AuditEvent) => boolean) => events.find(predicate);
  const created = new Map<string, AuditEvent>();
  const backups = new Map<string, string>();
  for (const event of events) {
    if (event.request_id === null) continue;
    if (event.type === 'request.created' && !created.has(event.request_id))
      created.set(event.request_id, event);
    if (event.type === 'backup.created' && !backups.has(event.request_id)) {
      const id = event.details.backup_id;
      if (typeof id === 'string') backups.set(event.request_id, id);
    }
  }
  const targetOf = (requestId: string): string | null => {
    const details = created.get(requestId)?.details;
    return details && typeof details.base === 'string'
      ? `${details.base}/${typeof details.table === 'string' ? details.table : '?'}`
      : null;
  };

  const outcomes: Dashboard['outcomes'] = [];
  for (const event of events) {
    if (outcomes.length >= RECENT_OUTCOMES) break;
    const outcome = OUTCOMES[event.type];
    if (outcome && event.request_id !== null) {
      const problem = event.details.problem ?? event.details.reason;
      outcomes.push({
        requestId: event.request_id,
        outcome,
        at: Date.parse(event.ts),
        target: targetOf(event.request_id),
        backupId: backups.get(event.request_id) ?? null,
        detail: typeof problem === 'string' ? problem : null,
        evidence: evidence(event),
      });
    }
    if (event.type === 'rollback.executed' && typeof event.details.rollback_of === 'string') {
      const original = event.details.rollback_of;
      outcomes.push({
        requestId: original,
        outcome: 'rolled back',
        at: Date.parse(event.ts),
        target: targetOf(original),
        backupId: typeof event.details.from_backup === 'string' ? event.details.from_backup : null,
        detail: event.request_id === null ? null : `by ${event.request_id}`,
        evidence: evidence(event),
      });
    }
  }

  const passing = newestOf((event) => event.type === 'drill.passed');
  const drills: Dashboard['drills'] = input.bases.map((base) => {
    const ruleDays = TIER_RULES[base.tier].drillMaxAgeDays;
    const own = newestOf(
      (event) =>
        (event.type === 'drill.passed' || event.type === 'drill.failed') && event.details.base === base.alias,
    );
    const passedAt = passing ? Date.parse(passing.ts) : null;
    const verdict =
      ruleDays === null
        ? 'no rule'
        : passedAt === null
          ? 'no drill'
          : now - passedAt <= ruleDays * DAY_MS
            ? 'within rule'
            : 'too old';
    return {
      alias: base.alias,
      tier: base.tier,
      ruleDays,
      lastPassing: passing
        ? {
            at: Date.parse(passing.ts),
            base: String(passing.details.base ?? '?'),
            evidence: evidence(passing),
          }
        : null,
      own: own
        ? { at: Date.parse(own.ts), passed: own.type === 'drill.passed', evidence: evidence(own) }
        : null,
      verdict,
    };
  });

  const readinessEvent = newestOf((event) => event.type === 'readiness.evaluated');
  const failedGates = new Set(
    Array.isArray(readinessEvent?.details.failed_gates)
      ? readinessEvent.details.failed_gates.map(Number)
      : [],
  );
  const readiness = readinessEvent
    ? {
        at: Date.parse(readinessEvent.ts),
        overall: String(readinessEvent.details.overall ?? '?'),
        gates: READINESS_GATES.map((gate) => ({
          gate,
          status: (failedGates.has(gate) ? 'MISSING' : 'PASS') as GateStatus,
        })),
        evidence: evidence(readinessEvent),
      }
    : null;

  const alerts = Object.values(input.alerts ?? {})
    .filter((alert) => alert.state !== 'resolved')
    .sort((a, b) => a.since - b.since)
    .map((alert) => {
      const paged = newestOf((event) => event.type === 'alert.paged' && event.details.alert === alert.key);
      return {
        key: alert.key,
        severity: alert.severity,
        state: alert.state,
        since: alert.since,
        ackedBy: alert.ackedBy,
        detail: alert.detail,
        evidence: paged ? evidence(paged) : null,
      };
    });

  const checkpoints = new Map<string, AuditEvent>();
  for (const event of events) {
    if (event.type === 'audit.checkpoint' && !checkpoints.has(event.chain))
      checkpoints.set(event.chain, event);
  }
  const newest = events[0];

  return {
    generatedAt: now,
    bases: input.bases.map((base) => ({
      alias: base.alias,
      name: base.name,
      tier: base.tier,
      stage: base.stage,
      staging: base.staging,
      tables: base.tables,
      queueDepth: input.queueDepths[base.alias] ?? null,
    })),
    pending: input.pending.map((request) => {
      const approvals = request.votes.filter((vote) => vote.decision === 'approve');
      const voted = new Set(request.votes.map((vote) => vote.voter));
      const base = input.bases.find((candidate) => candidate.alias === request.plan.base.alias);
      const event = created.get(request.id);
      return {
        id: request.id,
        target: `${request.plan.base.alias}/${request.plan.table.name}`,
        op: request.plan.op,
        requester: request.requester,
        createdAt: request.createdAt,
        expiresAt: request.expiresAt,
        approvals: approvals.length,
        approvalsNeeded: request.approvalsNeeded,
        rejections: request.votes.length - approvals.length,
        stillNeeded: Math.max(0, request.approvalsNeeded - approvals.length),
        canApprove: (base?.approvers ?? []).filter((id) => id !== request.requester && !voted.has(id)),
        outdated: (request.outdated ?? []).length > 0,
        evidence: event ? evidence(event) : null,
      };
    }),
    outcomes,
    drills,
    readiness,
    alerts: { known: input.alerts !== null, open: alerts },
    audit: {
      newest: newest ? { at: Date.parse(newest.ts), type: newest.type, evidence: evidence(newest) } : null,
      checkpoints: [...checkpoints.values()].map((event) => ({
        chain: event.chain,
        at: Date.parse(event.ts),
        evidence: evidence(event),
      })),
      lastVerify: readiness ? { at: readiness.at, evidence: readiness.evidence } : null,
      eventsRead: events.length,
      wholeStream: events.length < input.eventLimit,
    },
  };
}
