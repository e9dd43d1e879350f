import type { Logger } from 'pino';
import type { AlertBookCell } from './alert-book-cell.js';
import type { AlertAudit } from './create-alert-audit.js';
import type { FallbackWebhook } from './create-fallback-webhook.js';
import type { Metrics } from './create-metrics.js';
import type { Pager } from './create-pager.js';

/** What delivering alerts (paging, card updates, escalation, the fallback webhook) needs. */
export type AlertDeliveryDeps = {
  book: AlertBookCell;
  pager: Pager;
  fallback?: FallbackWebhook | undefined;
  metrics?: Metrics | undefined;
  logger: Logger;
  clock: () => number;
  audit: AlertAudit;
  escalateTo: readonly string[];
};
