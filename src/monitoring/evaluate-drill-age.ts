import type { Observation } from '../domain/alert.js';
import { TIER_RULES, type Tier } from '../domain/tiers.js';

const DAY_MS = 86_400_000;

/**
 * The last passing rollback drill's age against each base's tier rule (docs/product.md §4: L2 30 days, L3/L4
 * 7 days, L5 1 day; L0 and L1 have no rule and are not checked). Overdue is a warning, not a page: it
 * does not wake anyone up, but it stays on the on-call card until a drill passes.
 */
export function evaluateDrillAge(input: {
  bases: ReadonlyArray<{ alias: string; tier: Tier }>;
  /** Epoch ms of the last passing drill per base alias; null or absent = none recorded. */
  lastPassing: Readonly<Record<string, number | null>>;
  now: number;
}): Observation[] {
  const observations: Observation[] = [];
  for (const base of input.bases) {
    const maxAgeDays = TIER_RULES[base.tier].drillMaxAgeDays;
    if (maxAgeDays === null) continue;
    const key = `drill.age:${base.alias}`;
    const last = input.lastPassing[base.alias] ?? null;
    const rule = `${base.tier} requires a passing rollback drill within ${maxAgeDays} day${maxAgeDays === 1 ? '' : 's'}`;
    if (last === null) {
      observations.push({
        key,
        status: 'failing',
        severity: 'warn',
        detail: `no passing rollback drill recorded; ${rule}`,
      });
      continue;
    }
    const ageDays = (input.now - last) / DAY_MS;
    observations.push(
      ageDays > maxAgeDays
        ? {
            key,
            status: 'failing',
            severity: 'warn',
            detail: `the last passing rollback drill was ${Math.floor(ageDays)} days ago; ${rule}`,
          }
        : {
            key,
            status: 'ok',
            severity: 'warn',
            detail: `last passing drill ${ageDays.toFixed(1)} days ago`,
          },
    );
  }
  return observations;
}
