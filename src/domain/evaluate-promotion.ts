import type { EvidenceCite, EvidenceIndex, RequestEvidence } from './index-evidence.js';
import type { BasePolicy } from './policy.js';
import { STAGES, type Stage, TIER_RULES } from './tiers.js';

const DAY_MS = 24 * 3600 * 1000;

/** A read tour counts as promotion evidence for this long. */
export const TOUR_MAX_AGE_DAYS = 7;
/** A rollback drill counts for the tier's freshness rule, or this long when the tier has none. */
export const DEFAULT_DRILL_MAX_AGE_DAYS = 30;
/** A `larkgate probes --config` run counts as promotion evidence for this long. */
export const PROBES_MAX_AGE_DAYS = 7;
/**
 * What the probes run must have shown before a base goes live (docs/seeds/002: "egress denied · auth"): the
 * endpoint allowlist refusing a call, and a forged push refused (any `auth.` refusal point).
 */
export const PROBES_MUST_COVER = ['egress.denied', 'auth.'] as const;

export type PromotionVerdict =
  | { kind: 'allowed'; direction: 'promote' | 'demote'; cites: EvidenceCite[] }
  | { kind: 'refused'; missing: string[]; cites: EvidenceCite[] };

/**
 * Whether the recorded evidence supports moving a base to `to` (docs/product.md §4: promotion needs evidence,
 * not a flag flip). One stage at a time upward; each step needs what the one before needed, plus:
 * - read-only: the latest read tour of the base is green and fresh;
 * - limited: a dry run on the base (its diff card was sent) and a fresh passing rollback drill;
 * - live: a governed write on the base (approved, backed up, verified) that was itself rolled back, and a
 *   fresh passing `larkgate probes` run recorded with this config, showing egress and forged pushes refused.
 * Moving down (toward dry-run) is always allowed: it only takes power away.
 */
export function evaluatePromotion(input: {
  base: BasePolicy;
  to: Stage;
  evidence: EvidenceIndex;
  now: number;
}): PromotionVerdict {
  const { base, to, evidence, now } = input;
  const from = STAGES.indexOf(base.stage);
  const target = STAGES.indexOf(to);
  if (target === from)
    return { kind: 'refused', missing: [`${base.alias} is already in the ${to} stage`], cites: [] };
  if (target < from) return { kind: 'allowed', direction: 'demote', cites: [] };
  if (target > from + 1) {
    const next = STAGES[from + 1] as Stage;
    return {
      kind: 'refused',
      missing: [`promote one stage at a time: ${base.alias} is ${base.stage}, so the next stage is ${next}`],
      cites: [],
    };
  }
  const missing: string[] = [];
  const cites: EvidenceCite[] = [];
  if ((to === 'limited' || to === 'live') && !TIER_RULES[base.tier].writes) {
    missing.push(
      `${base.alias} is ${base.tier} (${TIER_RULES[base.tier].meaning}): its tier refuses writes, so it stays read-only`,
    );
  }

  const tour = latestTour(evidence, base.alias);
  if (!tour) {
    missing.push(`a read tour of ${base.alias} (run larkgate tour)`);
  } else if (!tour.green) {
    missing.push(
      `a green read tour of ${base.alias}: the latest (${tour.cite.ts}, ${cite(tour.cite)}) is red: ${tour.reasons.join('; ') || 'no reason recorded'}`,
    );
  } else if (now - tour.at > TOUR_MAX_AGE_DAYS * DAY_MS) {
    missing.push(
      `a read tour of ${base.alias} from the last ${TOUR_MAX_AGE_DAYS} days (the latest is ${tour.cite.ts})`,
    );
  } else {
    cites.push(tour.cite);
  }

  if (to === 'limited' || to === 'live') {
    const dryRun = findDryRun(evidence, base.alias);
    if (dryRun) cites.push(...dryRunCites(dryRun));
    else
      missing.push(
        `a dry run on ${base.alias}: a write request whose diff card was sent (request.created, then request.card_sent)`,
      );

    const maxAgeDays = TIER_RULES[base.tier].drillMaxAgeDays ?? DEFAULT_DRILL_MAX_AGE_DAYS;
    const drill = evidence.drills
      .filter((candidate) => candidate.kind === 'rollback' && candidate.passed)
      .filter((candidate) => now - candidate.at <= maxAgeDays * DAY_MS)
      .at(-1);
    if (drill) cites.push(drill.cite);
    else
      missing.push(
        `a passing rollback drill (drill.passed, drill: rollback) from the last ${maxAgeDays} days`,
      );
  }

  if (to === 'live') {
    const probes = judgeProbes(evidence, now);
    if (probes.cite) cites.push(probes.cite);
    missing.push(...probes.missing);
    const governed = findGovernedWrite(evidence, base.alias);
    if (!governed) {
      missing.push(`a governed write on ${base.alias}: approved, backed up and verified (op.verified)`);
    } else {
      cites.push(...governedCites(governed.request));
      if (governed.rollback) cites.push(governed.rollback);
      else
        missing.push(
          `a rollback of a governed write on ${base.alias} (rollback.executed, or a verified rollback request), e.g. of ${governed.request.id}`,
        );
    }
  }
  return missing.length > 0
    ? { kind: 'refused', missing, cites }
    : { kind: 'allowed', direction: 'promote', cites };
}

/** The newest tour that judged this base, with its verdict. */
export function latestTour(
  evidence: EvidenceIndex,
  alias: string,
): { cite: EvidenceCite; at: number; green: boolean; reasons: string[] } | undefined {
  for (let index = evidence.tours.length - 1; index >= 0; index--) {
    const tour = evidence.tours[index];
    const verdict = tour?.bases[alias];
    if (tour && verdict) return { cite: tour.cite, at: tour.at, ...verdict };
  }
  return undefined;
}

/**
 * A dry run on this base: a write request (any origin but a rollback) that was planned without error
 * (`request.created`) and whose diff card was sent (`request.card_sent`).
 */
export function findDryRun(evidence: EvidenceIndex, alias: string): RequestEvidence | undefined {
  return [...evidence.requests.values()].find(
    (request) => request.base === alias && request.origin !== 'rollback' && request.carded !== null,
  );
}

export function dryRunCites(request: RequestEvidence): EvidenceCite[] {
  return [request.created, ...(request.carded ? [request.carded] : [])];
}

/** The latest probes run recorded with this config: passed, fresh, and showing egress and auth refused. */
function judgeProbes(evidence: EvidenceIndex, now: number): { missing: string[]; cite: EvidenceCite | null } {
  const latest = evidence.probes.at(-1);
  const run = 'larkgate probes --config <file>';
  if (!latest)
    return {
      missing: [`a passing probes run recorded for this deployment (${run}): none is recorded`],
      cite: null,
    };
  const which = `the latest probes run (${latest.cite.ts}, ${cite(latest.cite)})`;
  if (!latest.passed)
    return {
      missing: [`${which} did not pass (FAIL_OPEN_DETECTED): fix it and run ${run} again`],
      cite: null,
    };
  if (now - latest.at > PROBES_MAX_AGE_DAYS * DAY_MS)
    return {
      missing: [`a probes run from the last ${PROBES_MAX_AGE_DAYS} days (${which} is older): run ${run}`],
      cite: null,
    };
  const lacking = PROBES_MUST_COVER.filter(
    (point) =>
      !latest.covered.some((code) => (point.endsWith('.') ? code.startsWith(point) : code === point)),
  );
  if (lacking.length > 0)
    return {
      missing: [
        `${which} does not show ${lacking.map((point) => (point.endsWith('.') ? `${point}*` : point)).join(' and ')} refused`,
      ],
      cite: null,
    };
  return { missing: [], cite: latest.cite };
}

/**
 * The best governed write on this base: approved, backed up and verified, preferring one that was rolled
 * back (with the cite of that rollback).
 */
export function findGovernedWrite(
  evidence: EvidenceIndex,
  alias: string,
  ops?: readonly string[],
): { request: RequestEvidence; rollback: EvidenceCite | null } | undefined {
  const writes = [...evidence.requests.values()].filter(
    (request) =>
      request.base === alias &&
      request.origin !== 'rollback' &&
      request.approved !== null &&
      request.backedUp !== null &&
      request.verified !== null &&
      (ops === undefined || (request.op !== null && ops.includes(request.op))),
  );
  for (const request of writes) {
    const rollbacks = evidence.rollbacks.filter((candidate) => candidate.of === request.id);
    // The rollback receipt is the stronger evidence; a verified rollback request also counts.
    const rollback =
      rollbacks.find((candidate) => candidate.cite.type === 'rollback.executed') ?? rollbacks[0];
    if (rollback) return { request, rollback: rollback.cite };
  }
  const first = writes[0];
  return first ? { request: first, rollback: null } : undefined;
}

export function governedCites(request: RequestEvidence): EvidenceCite[] {
  return [request.created, request.approved, request.backedUp, request.verified].filter(
    (value): value is EvidenceCite => value !== null,
  );
}

export function cite(value: EvidenceCite): string {
  return `${value.chain}#${value.seq}`;
}
