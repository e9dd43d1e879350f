import type { AuditEvent } from './audit-event.js';

/** Where a piece of evidence comes from: one audit event, named by its chain and sequence number. */
export type EvidenceCite = { chain: string; seq: number; type: string; ts: string };

/** One governed request as the audit log tells its story, joined on the request id. */
export type RequestEvidence = {
  id: string;
  base: string | null;
  table: string | null;
  op: string | null;
  /** `chat`, `rollback` or `drill` (older events without `origin` count as chat). */
  origin: string;
  rollbackOf: string | null;
  /** The state the request was created in: `pending`, or `dry_run` in the dry-run stage. */
  createdState: string | null;
  created: EvidenceCite;
  /** The first `request.card_sent`: the diff card reached the chat (the dry run was seen). */
  carded: EvidenceCite | null;
  approved: EvidenceCite | null;
  backedUp: EvidenceCite | null;
  verified: EvidenceCite | null;
};

export type TourBaseVerdict = { green: boolean; reasons: string[] };
export type TourEvidence = { cite: EvidenceCite; at: number; bases: Record<string, TourBaseVerdict> };

/**
 * Drill kinds Larkgate knows. A drill event says which kind it is in `details.drill` (or `details.kind`):
 * `rollback` (issue 4's rollback drill on the sandbox), `outage` (a synthetic outage; `time_to_page_ms`),
 * `secret-rotation` (`secrets`: the secrets whose overlap was drilled).
 */
export type DrillEvidence = {
  cite: EvidenceCite;
  at: number;
  kind: string;
  passed: boolean;
  base: string | null;
  details: Record<string, unknown>;
};

export type RollbackEvidence = { of: string; cite: EvidenceCite; at: number };
export type DenialEvidence = { cite: EvidenceCite; at: number; base: string | null; codes: string[] };
export type SecretEvidence = { key: string; ref: string; cite: EvidenceCite; at: number };
export type PromotionEvidence = { cite: EvidenceCite; at: number; base: string; from: string; to: string };
/**
 * One `larkgate probes --config` run recorded in this deployment's log: passed when the verdict was
 * ALL_FAIL_CLOSED with every control let through; `covered` names the refusal points it saw fire.
 */
export type ProbesEvidence = { cite: EvidenceCite; at: number; passed: boolean; covered: string[] };

export type EvidenceIndex = {
  requests: ReadonlyMap<string, RequestEvidence>;
  rollbacks: readonly RollbackEvidence[];
  tours: readonly TourEvidence[];
  drills: readonly DrillEvidence[];
  denials: readonly DenialEvidence[];
  secrets: readonly SecretEvidence[];
  promotions: readonly PromotionEvidence[];
  probes: readonly ProbesEvidence[];
  /** How many events were read. */
  events: number;
};

export function citeOf(event: AuditEvent): EvidenceCite {
  return { chain: event.chain, seq: event.seq, type: event.type, ts: event.ts };
}

/**
 * Reads verified audit events (any order, any number of chains) into the evidence Larkgate's promotion
 * rules and readiness gates judge. Pure: the caller reads and verifies the log. Events that do not say
 * what they are about (no request id, no base) are ignored rather than guessed at.
 */
export function indexEvidence(events: readonly AuditEvent[]): EvidenceIndex {
  const ordered = [...events].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  const requests = new Map<string, RequestEvidence>();
  const rollbacks: RollbackEvidence[] = [];
  const tours: TourEvidence[] = [];
  const drills: DrillEvidence[] = [];
  const denials: DenialEvidence[] = [];
  const secrets: SecretEvidence[] = [];
  const promotions: PromotionEvidence[] = [];
  const probes: ProbesEvidence[] = [];

  for (const event of ordered) {
    const cite = citeOf(event);
    const at = Date.parse(event.ts);
    const details = event.details as Record<string, unknown>;
    const request = event.request_id === null ? undefined : requests.get(event.request_id);
    switch (event.type) {
      case 'request.created': {
        if (event.request_id === null) break;
        const rollbackOf = text(details.rollback_of);
        requests.set(event.request_id, {
          id: event.request_id,
          base: text(details.base),
          table: text(details.table),
          op: text(details.op),
          origin: text(details.origin) ?? 'chat',
          rollbackOf,
          createdState: text(details.state),
          created: cite,
          carded: null,
          approved: null,
          backedUp: null,
          verified: null,
        });
        break;
      }
      case 'request.card_sent':
        if (request) request.carded ??= cite;
        break;
      case 'approval.created':
        if (request) request.approved ??= cite;
        break;
      case 'backup.created':
        if (request) request.backedUp ??= cite;
        break;
      case 'op.verified':
        if (request) {
          request.verified ??= cite;
          if (request.rollbackOf) rollbacks.push({ of: request.rollbackOf, cite, at });
        }
        break;
      case 'rollback.executed': {
        // A rollback whose read-back did not match is not evidence that rollback works.
        const of = text(details.rollback_of) ?? text(details.of) ?? text(details.original_request_id);
        if (of && details.verified !== false) rollbacks.push({ of, cite, at });
        break;
      }
      case 'tour.completed': {
        const bases = parseTourBases(details.bases);
        if (bases) tours.push({ cite, at, bases });
        break;
      }
      case 'drill.passed':
      case 'drill.failed': {
        const kind = text(details.drill) ?? text(details.kind);
        if (kind) {
          drills.push({
            cite,
            at,
            kind,
            passed: event.type === 'drill.passed',
            base: text(details.base),
            details,
          });
        }
        break;
      }
      case 'tool.denied': {
        const list = Array.isArray(details.denials) ? details.denials : [];
        const codes = list
          .map((denial) =>
            typeof denial === 'object' && denial !== null ? text((denial as { code?: unknown }).code) : null,
          )
          .filter((code): code is string => code !== null);
        denials.push({ cite, at, base: text(details.base), codes });
        break;
      }
      case 'secret.loaded': {
        const key = text(details.key);
        const ref = text(details.ref);
        if (key && ref) secrets.push({ key, ref, cite, at });
        break;
      }
      case 'probes.completed': {
        const covered = Array.isArray(details.covered)
          ? details.covered.filter((code): code is string => typeof code === 'string')
          : [];
        const passed = details.verdict === 'ALL_FAIL_CLOSED' && details.harness_ok !== false;
        probes.push({ cite, at, passed, covered });
        break;
      }
      case 'stage.promoted': {
        const base = text(details.base);
        const from = text(details.from);
        const to = text(details.to);
        if (base && from && to) promotions.push({ cite, at, base, from, to });
        break;
      }
    }
  }
  return {
    requests,
    rollbacks,
    tours,
    drills,
    denials,
    secrets,
    promotions,
    probes,
    events: events.length,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseTourBases(value: unknown): Record<string, TourBaseVerdict> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const bases: Record<string, TourBaseVerdict> = {};
  for (const [alias, verdict] of Object.entries(value)) {
    if (typeof verdict !== 'object' || verdict === null) continue;
    const { green, reasons } = verdict as { green?: unknown; reasons?: unknown };
    if (typeof green !== 'boolean') continue;
    bases[alias] = {
      green,
      reasons: Array.isArray(reasons)
        ? reasons.filter((reason): reason is string => typeof reason === 'string')
        : [],
    };
  }
  return bases;
}
