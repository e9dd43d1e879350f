import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { buildAlertAuditDetails } from './build-alert-audit-details.js';

/** The page did not reach Lark: send it out of band, once per episode (retried until it is taken). */
export async function pageByFallback(key: string, reason: string, deps: AlertDeliveryDeps): Promise<void> {
  const { book, fallback, logger } = deps;
  const alert = book.get()[key];
  if (!fallback || !alert || alert.delivery.fallbackAt) return;
  const { incident } = alert;
  const host = fallback.host;
  try {
    await fallback.send(alert, reason, deps.clock());
  } catch (error) {
    deps.metrics?.recordPageFailure();
    logger.error(
      { alert: key, incident, host, err: (error as Error).message },
      'fallback webhook did not take the page: will retry next round',
    );
    return;
  }
  const at = deps.clock();
  book.update(key, incident, (current) => ({
    ...current,
    delivery: { ...current.delivery, fallbackAt: at },
  }));
  logger.warn(
    { alert: key, incident, host, timeToPageMs: at - alert.since },
    'paged through the fallback webhook',
  );
  await deps.audit('alert.paged', 'monitor', {
    ...buildAlertAuditDetails(alert),
    via: 'fallback',
    host,
    lark_error: reason.slice(0, 300),
    paged_at: new Date(at).toISOString(),
    time_to_page_ms: at - alert.since,
  });
}
