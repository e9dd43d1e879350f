import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { buildAlertAuditDetails } from './build-alert-audit-details.js';

/**
 * An unacknowledged firing page that is due an escalation gets it, once: a reply to its card mentioning
 * `escalate_to`, audited alert.paged with `escalation: true`. Retried next round when Lark does not take it.
 */
export async function escalateAlert(key: string, deps: AlertDeliveryDeps): Promise<void> {
  const { book, logger } = deps;
  const alert = book.get()[key];
  if (
    !alert?.escalationDue ||
    alert.state !== 'firing' ||
    alert.ackedBy !== null ||
    alert.delivery.escalatedAt !== null ||
    alert.delivery.messageId === null
  )
    return;
  const { incident } = alert;
  try {
    await deps.pager.escalate(alert.delivery.messageId, alert);
    const escalatedAt = deps.clock();
    book.update(key, incident, (current) => ({
      ...current,
      version: current.version + 1,
      delivery: { ...current.delivery, escalatedAt },
    }));
    logger.warn({ alert: key, incident, to: deps.escalateTo }, 'escalated an unacknowledged page');
    await deps.audit('alert.paged', 'monitor', {
      ...buildAlertAuditDetails(alert),
      escalation: true,
      to: [...deps.escalateTo],
      paged_at: new Date(escalatedAt).toISOString(),
    });
  } catch (error) {
    deps.metrics?.recordPageFailure();
    logger.error(
      { alert: key, err: (error as Error).message },
      'escalation could not reach Lark: will retry',
    );
  }
}
