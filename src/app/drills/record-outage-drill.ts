import type { AuditEvent } from '../../domain/audit-event.js';
import type { AuditInput } from '../../domain/build-audit-event.js';
import { type OutageDrillDeps, type OutageDrillResult, runOutageDrill } from './run-outage-drill.js';

/** Gate 7 (docs/product.md §7): a synthetic outage must page within 5 minutes. */
export const OUTAGE_LIMIT_MS = 5 * 60_000;

/** The synthetic outage: every Base API call answers HTTP 500 until the drill ends it (an emulator fault). */
export const OUTAGE_FAULT = { kind: 'server_error', path_prefix: '/open-apis/bitable', count: -1 } as const;

/** The alerts that outage raises (one for all bases, or a base's own when only one is configured). */
const EXPECTED_ALERTS = ['lark.base_api', 'base.read:'] as const;

/**
 * How the monitor learns of it: the worker's Base-read synthetic check. The value (`probe`, a
 * compute-time-to-page.ts detection path) is recorded in drill.passed and read back by readiness.
 */
export const OUTAGE_DETECTION_PATH = 'probe';

export type OutageDrillRecord = { result: OutageDrillResult; event: AuditEvent; injectedAt: string };

export type OutageDrillRecordDeps = Pick<
  OutageDrillDeps,
  'inject' | 'clear' | 'cards' | 'clock' | 'sleep'
> & {
  /** The audit log's append: the event recorded is the evidence readiness cites (gate 7). */
  append(input: AuditInput): Promise<AuditEvent>;
  /** The monitoring intervals in force (recordedIntervals), and the worst case they allow on the path. */
  intervals: Record<string, number>;
  boundMs: number;
};

/**
 * Runs the outage drill (the deployment's own monitor, in `larkgate serve`, must be running: the drill only
 * breaks things and watches the on-call chat; only the outage's own alert counts as its page) and records
 * `drill.passed` / `drill.failed` with `details.drill: outage`, the evidence `larkgate readiness` reads for
 * gate 7: `time_to_page_ms` as measured, the monitoring intervals in force, the worst case by those
 * intervals (`bound_ms`, computeTimeToPage on the detection path), the measured real time beyond it
 * (`real_time_ms`), and `estimate_ms`, their sum. Readiness re-applies the real-time part to the production
 * config's intervals, so a drill at compressed intervals proves nothing about 5 minutes by itself.
 */
export async function recordOutageDrill(
  deps: OutageDrillRecordDeps,
  options: { resolveWithinMs?: number; limitMs?: number } = {},
): Promise<OutageDrillRecord> {
  const limitMs = options.limitMs ?? OUTAGE_LIMIT_MS;
  const injectedAt = new Date(deps.clock()).toISOString();
  const result = await runOutageDrill({
    inject: deps.inject,
    clear: deps.clear,
    cards: deps.cards,
    expects: EXPECTED_ALERTS,
    clock: deps.clock,
    sleep: deps.sleep,
    limitMs,
    resolveWithinMs: options.resolveWithinMs ?? limitMs,
  });
  const event = await deps.append({
    type: result.passed ? 'drill.passed' : 'drill.failed',
    actor: 'drill',
    requestId: null,
    details: {
      drill: 'outage',
      fault: { ...OUTAGE_FAULT },
      injected_at: injectedAt,
      limit_ms: limitMs,
      time_to_page_ms: result.timeToPageMs,
      detection_path: OUTAGE_DETECTION_PATH,
      intervals: deps.intervals,
      ...(result.timeToPageMs === null ? {} : estimateOf(result.timeToPageMs, deps.boundMs)),
      alert: result.alert,
      alert_key: result.alertKey,
      message_id: result.messageId,
      time_to_resolve_ms: result.timeToResolveMs,
      problem: result.problem,
    },
  });
  return { result, event, injectedAt };
}

/** The measured time split into the intervals' worst case and the real time beyond it. */
function estimateOf(timeToPageMs: number, boundMs: number) {
  const realTimeMs = Math.max(0, timeToPageMs - boundMs);
  return { bound_ms: boundMs, real_time_ms: realTimeMs, estimate_ms: boundMs + realTimeMs };
}
