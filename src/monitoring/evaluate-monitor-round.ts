import type { Logger } from 'pino';
import type { AlertRules, AlertTransition, Observation } from '../domain/alert.js';
import type { AlertBookCell } from './alert-book-cell.js';
import { buildAlertAuditDetails } from './build-alert-audit-details.js';
import type { AlertAudit } from './create-alert-audit.js';
import { evaluateAlerts } from './evaluate-alerts.js';

export type MonitorEvaluationDeps = {
  book: AlertBookCell;
  rules: AlertRules;
  clock: () => number;
  logger: Logger;
  audit: AlertAudit;
};

/**
 * Runs the alert state machine (evaluate-alerts.ts) over this round's observations, keeps the new book,
 * logs every transition and audits alert.resolved (best effort). Returns what changed.
 */
export async function evaluateMonitorRound(
  observations: readonly Observation[],
  deps: MonitorEvaluationDeps,
): Promise<readonly AlertTransition[]> {
  const { book, logger } = deps;
  logger.debug(
    {
      failing: observations.filter((o) => o.status !== 'ok').map((o) => `${o.key} ${o.status}: ${o.detail}`),
    },
    'monitor round',
  );
  const now = deps.clock();
  // Synchronous from here to the first await: Ack clicks that arrived while the checks ran are in the book.
  const evaluated = evaluateAlerts(book.get(), observations, now, deps.rules);
  book.set(evaluated.book);
  for (const transition of evaluated.transitions) {
    const alert = evaluated.book[transition.key];
    if (!alert) continue;
    logger.info(
      { alert: transition.key, transition: transition.kind, detail: alert.detail },
      'alert transition',
    );
    if (transition.kind === 'resolved') {
      await deps.audit('alert.resolved', 'monitor', {
        ...buildAlertAuditDetails(alert),
        resolved_at: new Date(alert.resolvedAt ?? now).toISOString(),
        duration_ms: (alert.resolvedAt ?? now) - alert.since,
        paged: alert.delivery.pagedAt !== null,
      });
    }
  }
  return evaluated.transitions;
}
