import {
  cite,
  dryRunCites,
  findDryRun,
  findGovernedWrite,
  governedCites,
  latestTour,
  TOUR_MAX_AGE_DAYS,
} from './evaluate-promotion.js';
import type { DrillEvidence, EvidenceCite, EvidenceIndex } from './index-evidence.js';
import type { BasePolicy, Policy } from './policy.js';
import { TIER_RULES } from './tiers.js';

/** Every schema shape gate 4 needs on a staging temp table. */
export const SCHEMA_SHAPES = [
  'table.create',
  'field.create',
  'field.update',
  'field.delete',
  'table.delete',
] as const;
/** The denial code that proves the batch-delete marker guard refused an unmarked record. */
export const MARKER_DENIAL_CODE = 'marker_missing';
/** The secrets a rotation drill must cover. */
export const ROTATED_SECRETS = ['app_secret', 'encrypt_key'] as const;
/** A synthetic outage must page within this long (docs/product.md §6). */
export const PAGE_WITHIN_MS = 5 * 60 * 1000;

export type GateStatus = 'PASS' | 'MISSING';

const RUN = 'larkgate readiness --config <file> --run';

/**
 * What an operator runs to fix each gate. `--run` does what is safe unattended (src/app/drills/run-readiness-drills.ts:
 * reads, throwaway secrets, the emulator's outage, governed drills on the sandbox's temp tables); what
 * writes to production or posts in its requests chat is left to people, and says how.
 */
export const GATE_FIXES: Readonly<Record<number, string>> = {
  1: `${RUN} (runs the read tour), or larkgate tour --config <file>`,
  2: 'in a requests chat, ask for a change on each production base (e.g. @Larkgate update <base>/<table> <record_id> Field=value) and do not approve it; --run does not post in chat',
  3: 'approve one change on each production base, then roll it back (the Roll back button, rollback <request_id> in chat, or larkgate rollback <request_id> --config <file> --as <open_id>); --run does not write to production',
  4: `${RUN} (a governed schema drill on a temp table of the sandbox), or in chat on a tmp_ table of the sandbox: table-create, field-create, field-update, field-delete, table-delete, each approved`,
  5: `${RUN} (the batch-delete drill on the sandbox), or in chat: batch-delete an unmarked record of the sandbox (refused), then marked ones, approve, and roll back`,
  6: `${RUN} (a rotation drill with throwaway secrets), or larkgate drill rotate-secrets --config <file>; a secret loaded from a plain value: reference it as secret://… in larkgate.yaml and restart`,
  7: `${RUN} (the outage drill, through the emulator), or larkgate drill outage --config <file>`,
};
export type GateResult = {
  number: number;
  id: string;
  title: string;
  status: GateStatus;
  /** What evidence is missing, exactly; empty when the gate passes. */
  missing: string[];
  /** What to run to fix it (GATE_FIXES); null when the gate passes. */
  fix: string | null;
  /** The audit events the verdict relied on. */
  cites: EvidenceCite[];
};
export type ReadinessResult = { overall: 'PASS' | 'PARTIAL'; gates: GateResult[]; failed: number[] };

/**
 * The seven acceptance gates (docs/product.md §7, docs/seeds/000), computed from recorded evidence only: a gate
 * passes when the audit log shows it, and otherwise names exactly what is missing. Production bases are
 * the ones not marked `staging`; gates 2 and 3 apply to those whose tier allows writes.
 */
export function evaluateReadiness(input: {
  policy: Policy;
  evidence: EvidenceIndex;
  /**
   * When readiness judges (epoch ms): a read tour older than TOUR_MAX_AGE_DAYS (7, as for promotion) no
   * longer counts for gate 1. The readiness command always passes it; without it tours do not age.
   */
  now?: number;
  /** Gate 7's yardstick: see PageBounds. */
  pageBounds?: PageBounds;
}): ReadinessResult {
  const { policy, evidence } = input;
  const production = policy.bases.filter((base) => !base.staging);
  const writable = production.filter((base) => TIER_RULES[base.tier].writes);
  const staging = policy.bases.filter((base) => base.staging);

  const gates: GateResult[] = [
    gate(1, 'read-tour', 'read tour green on every production base', () =>
      readTour(production, evidence, input.now),
    ),
    gate(2, 'dry-run', 'dry run green on every production base', () =>
      dryRuns(production, writable, evidence),
    ),
    gate(
      3,
      'governed-write',
      'a governed write with approval, backup, audit and rollback on each production base',
      () => governedWrites(production, writable, evidence),
    ),
    gate(4, 'schema-ops', 'schema ops of every shape on a staging temp table', () =>
      schemaOps(staging, evidence),
    ),
    gate(5, 'batch-delete', 'batch delete with marker guard and rollback on staging', () =>
      batchDelete(staging, evidence),
    ),
    gate(6, 'secrets', 'secrets by reference and a recorded rotation drill', () => secrets(evidence)),
    gate(7, 'outage-paging', 'a synthetic outage paged within 5 minutes', () =>
      outage(evidence, input.pageBounds),
    ),
  ];
  const failed = gates.filter((result) => result.status !== 'PASS').map((result) => result.number);
  return { overall: failed.length === 0 ? 'PASS' : 'PARTIAL', gates, failed };
}

type Finding = { missing: string[]; cites: EvidenceCite[] };

function gate(number: number, id: string, title: string, judge: () => Finding): GateResult {
  const { missing, cites } = judge();
  // One event can back several bases (a tour covers them all): cite it once.
  const unique = cites.filter(
    (value, index) =>
      cites.findIndex((other) => other.chain === value.chain && other.seq === value.seq) === index,
  );
  const status = missing.length === 0 ? 'PASS' : 'MISSING';
  return {
    number,
    id,
    title,
    status,
    missing,
    fix: status === 'PASS' ? null : (GATE_FIXES[number] ?? null),
    cites: unique,
  };
}

function noProduction(production: readonly BasePolicy[]): Finding | null {
  return production.length === 0
    ? { missing: ['no production base is configured (every base is staging)'], cites: [] }
    : null;
}

function readTour(production: readonly BasePolicy[], evidence: EvidenceIndex, now?: number): Finding {
  const none = noProduction(production);
  if (none) return none;
  const finding: Finding = { missing: [], cites: [] };
  for (const base of production) {
    const tour = latestTour(evidence, base.alias);
    if (!tour) finding.missing.push(`${base.alias}: no read tour recorded (run larkgate tour)`);
    else if (!tour.green)
      finding.missing.push(
        `${base.alias}: the latest read tour (${cite(tour.cite)}) is red: ${tour.reasons.join('; ') || 'no reason recorded'}`,
      );
    else if (now !== undefined && now - tour.at > TOUR_MAX_AGE_DAYS * 24 * 3600_000)
      finding.missing.push(
        `${base.alias}: the latest read tour (${cite(tour.cite)}, ${tour.cite.ts}) is older than ${TOUR_MAX_AGE_DAYS} days (run larkgate tour)`,
      );
    else finding.cites.push(tour.cite);
  }
  return finding;
}

function readOnlyNote(production: readonly BasePolicy[], writable: readonly BasePolicy[]): Finding | null {
  if (noProduction(production)) return noProduction(production);
  return writable.length === 0 ? { missing: [], cites: [] } : null;
}

function dryRuns(
  production: readonly BasePolicy[],
  writable: readonly BasePolicy[],
  evidence: EvidenceIndex,
): Finding {
  const early = readOnlyNote(production, writable);
  if (early) return early;
  const finding: Finding = { missing: [], cites: [] };
  for (const base of writable) {
    const request = findDryRun(evidence, base.alias);
    if (request) finding.cites.push(...dryRunCites(request));
    else
      finding.missing.push(`${base.alias}: no dry run recorded (a write request that produced a diff card)`);
  }
  return finding;
}

function governedWrites(
  production: readonly BasePolicy[],
  writable: readonly BasePolicy[],
  evidence: EvidenceIndex,
): Finding {
  const early = readOnlyNote(production, writable);
  if (early) return early;
  const finding: Finding = { missing: [], cites: [] };
  for (const base of writable) {
    const governed = findGovernedWrite(evidence, base.alias);
    if (!governed) {
      finding.missing.push(`${base.alias}: no governed write recorded (approved, backed up, verified)`);
      continue;
    }
    finding.cites.push(...governedCites(governed.request));
    if (governed.rollback) finding.cites.push(governed.rollback);
    else finding.missing.push(`${base.alias}: governed write ${governed.request.id} was never rolled back`);
  }
  return finding;
}

function noStaging(staging: readonly BasePolicy[]): Finding | null {
  return staging.length === 0
    ? { missing: ['no staging base is configured (a base with staging: true, the sandbox)'], cites: [] }
    : null;
}

function schemaOps(staging: readonly BasePolicy[], evidence: EvidenceIndex): Finding {
  const none = noStaging(staging);
  if (none) return none;
  const finding: Finding = { missing: [], cites: [] };
  const requests = [...evidence.requests.values()];
  for (const shape of SCHEMA_SHAPES) {
    const found = requests.find((request) => {
      const base = staging.find((candidate) => candidate.alias === request.base);
      return (
        base !== undefined &&
        request.op === shape &&
        request.verified !== null &&
        request.table?.startsWith(base.tempTablePrefix) === true
      );
    });
    if (found) finding.cites.push(found.created, ...(found.verified ? [found.verified] : []));
    else finding.missing.push(`${shape}: no verified ${shape} on a staging temp table`);
  }
  return finding;
}

function batchDelete(staging: readonly BasePolicy[], evidence: EvidenceIndex): Finding {
  const none = noStaging(staging);
  if (none) return none;
  const finding: Finding = { missing: [], cites: [] };
  const governed = staging
    .map((base) => findGovernedWrite(evidence, base.alias, ['batch-delete']))
    .filter((found) => found !== undefined);
  const best = governed.find((found) => found.rollback !== null) ?? governed[0];
  if (!best) finding.missing.push('no batch delete applied and verified on a staging base');
  else {
    finding.cites.push(...governedCites(best.request));
    if (best.rollback) finding.cites.push(best.rollback);
    else finding.missing.push(`batch delete ${best.request.id} was never rolled back`);
  }
  const stagingAliases = new Set(staging.map((base) => base.alias));
  const guard = evidence.denials.find(
    (denial) =>
      denial.base !== null && stagingAliases.has(denial.base) && denial.codes.includes(MARKER_DENIAL_CODE),
  );
  if (guard) finding.cites.push(guard.cite);
  else
    finding.missing.push(
      `no batch delete refused by the marker guard on a staging base (tool.denied with ${MARKER_DENIAL_CODE})`,
    );
  return finding;
}

function secrets(evidence: EvidenceIndex): Finding {
  const finding: Finding = { missing: [], cites: [] };
  const latest = new Map<string, (typeof evidence.secrets)[number]>();
  for (const secret of evidence.secrets) latest.set(secret.key, secret);
  if (latest.size === 0)
    finding.missing.push('no secret.loaded events: Larkgate has not been started with this audit log');
  for (const secret of latest.values()) {
    if (secret.ref.startsWith('secret://')) finding.cites.push(secret.cite);
    else finding.missing.push(`${secret.key} was loaded from ${secret.ref}, not a secret:// reference`);
  }
  for (const name of ROTATED_SECRETS) {
    const drill = latestDrill(evidence, 'secret-rotation', (candidate) =>
      drilledSecrets(candidate).includes(name),
    );
    if (!drill)
      finding.missing.push(`no rotation drill recorded for ${name} (run larkgate drill rotate-secrets)`);
    else if (!drill.passed)
      finding.missing.push(`the latest rotation drill for ${name} (${cite(drill.cite)}) failed`);
    else if (!finding.cites.includes(drill.cite)) finding.cites.push(drill.cite);
  }
  return finding;
}

/**
 * Gate 7's yardstick: the worst-case time to page by the intervals of the production config, per
 * detection path (src/monitoring/compute-time-to-page.ts, worked out by the caller from the config
 * readiness runs with); null when that config has monitoring off.
 */
export type PageBounds = Readonly<Record<string, number>> | null;

/**
 * The latest outage drill passed, recorded what it measured (`time_to_page_ms`), at which intervals
 * (`intervals`, `detection_path`) and how much of it was real time beyond the intervals' worst case
 * (`real_time_ms`); and at the production config's intervals that page would come within 5 minutes:
 * the production bound on the drill's detection path plus the real time it measured. A drill at
 * compressed intervals thus counts for what it measured, not for its small absolute time.
 */
function outage(evidence: EvidenceIndex, bounds: PageBounds | undefined): Finding {
  const drill = latestDrill(evidence, 'outage');
  if (!drill) return { missing: ['no synthetic outage drill recorded (larkgate drill outage)'], cites: [] };
  const which = `the latest outage drill (${cite(drill.cite)})`;
  const cites = [drill.cite];
  if (!drill.passed) return { missing: [`${which} failed`], cites };
  const { time_to_page_ms: ms, real_time_ms: realTime, detection_path: path, intervals } = drill.details;
  const missing: string[] = [];
  if (typeof ms !== 'number') missing.push(`${which} recorded no time_to_page_ms`);
  else if (ms > PAGE_WITHIN_MS)
    missing.push(`${which} paged after ${Math.round(ms / 1000)} s, more than 5 minutes`);
  const recorded =
    typeof path === 'string' &&
    typeof realTime === 'number' &&
    intervals !== null &&
    typeof intervals === 'object' &&
    !Array.isArray(intervals);
  if (!recorded) {
    missing.push(
      `${which} does not record the monitoring intervals it was measured at (intervals, detection_path, real_time_ms): run larkgate drill outage again`,
    );
  }
  if (bounds === undefined) missing.push('no production monitoring intervals to judge the drill against');
  else if (bounds === null)
    missing.push('monitoring is off in this config (monitoring.enabled): nothing would page');
  if (missing.length > 0 || !recorded || !bounds) return { missing, cites };
  const bound = bounds[path];
  if (bound === undefined) return { missing: [`${which} names an unknown detection path ${path}`], cites };
  const estimate = bound + realTime;
  if (estimate > PAGE_WITHIN_MS) {
    missing.push(
      `at the production intervals ${which} would page after ${Math.round(estimate / 1000)} s (${Math.round(bound / 1000)} s by the intervals, ${path} detection, + ${Math.round(realTime / 1000)} s measured real time), more than 5 minutes`,
    );
  }
  return { missing, cites };
}

function latestDrill(
  evidence: EvidenceIndex,
  kind: string,
  filter: (drill: DrillEvidence) => boolean = () => true,
): DrillEvidence | undefined {
  return evidence.drills.filter((drill) => drill.kind === kind && filter(drill)).at(-1);
}

function drilledSecrets(drill: DrillEvidence): string[] {
  const value = drill.details.secrets;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
