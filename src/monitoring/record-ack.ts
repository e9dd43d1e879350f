import type { Logger } from 'pino';
import type { AlertBookCell } from './alert-book-cell.js';
import type { AckOutcome } from './apply-ack.js';
import { buildAlertAuditDetails } from './build-alert-audit-details.js';
import type { AlertAudit } from './create-alert-audit.js';
import type { Metrics } from './create-metrics.js';

export type RecordAckDeps = {
  book: AlertBookCell;
  logger: Logger;
  audit: AlertAudit;
  metrics?: Metrics | undefined;
};

/** An Ack that changed the book (clicked on the leader, or relayed): kept, audited alert.acked once. */
export async function recordAck(
  outcome: Extract<AckOutcome, { kind: 'acked' }>,
  ack: { by: string; at: number },
  deps: RecordAckDeps,
): Promise<void> {
  deps.book.set(outcome.book);
  deps.logger.info(
    { alert: outcome.alert.key, incident: outcome.alert.incident, by: ack.by },
    'alert acknowledged',
  );
  await deps.audit('alert.acked', ack.by, {
    ...buildAlertAuditDetails(outcome.alert),
    acked_at: new Date(ack.at).toISOString(),
  });
  deps.metrics?.setAlerts(deps.book.get());
}
