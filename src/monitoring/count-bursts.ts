import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { Observation } from '../domain/alert.js';

export type BurstEvent = { type: string; ts: number; details: Record<string, unknown> };
export type BurstName = 'denials' | 'auth_failures' | 'failed_ops' | 'verify_failures' | 'failed_intake';

/** Which audit events count towards which burst. */
function burstOf(event: BurstEvent): BurstName | null {
  switch (event.type) {
    case 'tool.denied':
      return 'denials';
    case 'approval.vote':
      return event.details.result === 'denied' ? 'denials' : null;
    case 'auth.denied':
      return 'auth_failures';
    case 'op.failed':
    case 'op.stale':
      return 'failed_ops';
    case 'op.verify_failed':
      return 'verify_failures';
    case 'intake.failed':
      return 'failed_intake';
    default:
      return null;
  }
}

const LABEL: Record<BurstName, string> = {
  denials: 'denied actions',
  auth_failures: 'refused pushes or clicks (auth.denied)',
  failed_ops: 'failed or stale writes',
  verify_failures: 'writes that did not verify',
  failed_intake: 'chat requests Larkgate gave up on (intake.failed)',
};

/**
 * Burst detection (pure): per kind, the events within `window` before `now`; at or above the configured
 * threshold the kind's `burst.<name>` fails, naming the count and the commonest reason.
 */
export function countBursts(
  events: readonly BurstEvent[],
  now: number,
  config: MonitoringConfig['bursts'],
): Observation[] {
  const names: BurstName[] = ['denials', 'auth_failures', 'failed_ops', 'verify_failures', 'failed_intake'];
  return names.map((name) => {
    const inWindow = events.filter(
      (event) => burstOf(event) === name && event.ts > now - config.window && event.ts <= now,
    );
    const threshold = config[name];
    const total = inWindow.reduce((sum, event) => sum + countOf(event), 0);
    if (total < threshold) return { key: `burst.${name}`, status: 'ok', detail: '' };
    return {
      key: `burst.${name}`,
      status: 'failing',
      detail: `${total} ${LABEL[name]} in the last ${Math.round(config.window / 1000)} s (threshold ${threshold})${commonest(inWindow)}`,
    };
  });
}

/**
 * How many occurrences one event stands for: an aggregated `auth.denied` (one per source per window,
 * src/http/create-refusal-tally.ts) carries `count`; every other event is one.
 */
function countOf(event: BurstEvent): number {
  const count = event.details.count;
  return typeof count === 'number' && Number.isSafeInteger(count) && count > 0 ? count : 1;
}

function commonest(events: readonly BurstEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) {
    const reasons = event.details.reasons;
    if (reasons && typeof reasons === 'object' && !Array.isArray(reasons)) {
      for (const [reason, n] of Object.entries(reasons as Record<string, unknown>)) {
        if (typeof n === 'number') counts.set(reason, (counts.get(reason) ?? 0) + n);
      }
      continue;
    }
    const reason = reasonOf(event);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + countOf(event));
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? `; most often ${top[0]} (${top[1]})` : '';
}

function reasonOf(event: BurstEvent): string | null {
  const { details } = event;
  if (typeof details.reason === 'string') return details.reason;
  const denials = details.denials;
  if (Array.isArray(denials) && typeof denials[0]?.code === 'string') return denials[0].code as string;
  if (typeof details.state === 'string') return details.state;
  if (typeof details.cause === 'string') return details.cause;
  return null;
}
