import type { AlertDelivery } from '../domain/alert.js';
import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { buildAlertAuditDetails } from './build-alert-audit-details.js';
import { pageByFallback } from './page-by-fallback.js';

/** A patch that keeps failing (card deleted, too old) is given up after this many rounds. */
const MAX_PATCH_FAILURES = 5;

/**
 * Sends the alert's card (first time: a page, audited alert.paged) or patches it when the alert changed
 * since Lark last took it. A page Lark does not take goes to the fallback webhook. False when Lark did not
 * take it (nothing more this round).
 */
export async function deliverAlertCard(key: string, deps: AlertDeliveryDeps): Promise<boolean> {
  const { book, pager, logger, clock } = deps;
  const alert = book.get()[key];
  if (!alert || alert.state === 'pending') return false;
  if (alert.delivery.version >= alert.version) return true;
  const now = clock();
  const { incident } = alert;
  const sentVersion = alert.version;
  const messageId = alert.delivery.messageId;
  try {
    if (messageId === null) {
      const sent = await pager.send(alert, now);
      const pagedAt = alert.state === 'firing' ? clock() : null;
      book.update(key, incident, (current) => ({
        ...current,
        delivery: {
          ...current.delivery,
          messageId: sent,
          version: sentVersion,
          pagedAt,
          failures: 0,
          lastError: null,
        },
      }));
      if (pagedAt !== null) {
        logger.warn({ alert: key, incident, timeToPageMs: pagedAt - alert.since }, 'paged on-call');
        await deps.audit('alert.paged', 'monitor', {
          ...buildAlertAuditDetails(alert),
          via: 'lark',
          message_id: sent,
          paged_at: new Date(pagedAt).toISOString(),
          time_to_page_ms: pagedAt - alert.since,
        });
      }
    } else {
      await pager.update(messageId, alert, now);
      book.update(key, incident, (current) => ({
        ...current,
        delivery: { ...current.delivery, version: sentVersion, failures: 0, lastError: null },
      }));
    }
    return true;
  } catch (error) {
    const reason = (error as Error).message;
    deps.metrics?.recordPageFailure();
    logger.error(
      { alert: key, incident, detail: alert.detail, since: alert.since, err: reason },
      messageId === null ? 'page could not reach Lark: will retry next round' : 'alert card update failed',
    );
    book.update(key, incident, (current) => {
      const failures = current.delivery.failures + 1;
      const giveUp = messageId !== null && failures >= MAX_PATCH_FAILURES;
      const delivery: AlertDelivery = {
        ...current.delivery,
        failures,
        lastError: reason,
        ...(giveUp ? { version: sentVersion } : {}),
      };
      return { ...current, delivery };
    });
    if (messageId === null && alert.state === 'firing') await pageByFallback(key, reason, deps);
    return false;
  }
}
