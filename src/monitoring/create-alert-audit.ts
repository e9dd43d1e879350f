import type { Logger } from 'pino';
import type { Audit } from '../ports/audit.js';

export type AlertAuditType = 'alert.paged' | 'alert.acked' | 'alert.resolved';

/** Audits an alert event, best effort: paging must not depend on the audit log, which may be what failed. */
export type AlertAudit = (
  type: AlertAuditType,
  actor: string,
  details: Record<string, unknown>,
) => Promise<void>;

export function createAlertAudit(audit: Audit, logger: Logger): AlertAudit {
  return async (type, actor, details) => {
    await audit({ type, actor, requestId: null, details }).catch((error: Error) =>
      logger.error(
        { err: error.message, type },
        'could not audit an alert event (the alert itself went ahead)',
      ),
    );
  };
}
