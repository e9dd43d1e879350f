import type { Alert } from '../domain/alert.js';

/** The fields every alert.* audit event carries about its alert. */
export function buildAlertAuditDetails(alert: Alert): Record<string, unknown> {
  return {
    alert: alert.key,
    kind: alert.key.split(':')[0] ?? alert.key,
    incident: alert.incident,
    severity: alert.severity,
    detail: alert.detail.slice(0, 500),
    since: new Date(alert.since).toISOString(),
  };
}
