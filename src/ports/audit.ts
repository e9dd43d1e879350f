import type { AuditEventType } from '../domain/audit-event.js';

/** One audit event to record, typed by the domain's event types (src/domain/audit-event.ts). */
export type AuditInput = {
  type: AuditEventType;
  actor: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};
/** Records an audit event; rejects when no sink could record it, and then the action must not happen. */
export type Audit = (input: AuditInput) => Promise<unknown>;
