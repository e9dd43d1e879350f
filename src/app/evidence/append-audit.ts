import type { AuditEvent, AuditEventType } from '../../domain/audit-event.js';

/**
 * Appends an audit event and returns it as written (its chain and seq are what evidence cites); rejects
 * when no sink could record it.
 */
export type AppendAudit = (input: {
  type: AuditEventType;
  actor: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}) => Promise<AuditEvent>;
