import type { AuditEvent } from '../domain/audit-event.js';
import type { AuditInput } from './audit.js';

/**
 * Appends an audit event and returns it as written (its chain and seq are what evidence cites); rejects
 * when no sink could record it. The audit log's `append` (src/store/create-audit-log.ts).
 */
export type AppendAudit = (input: AuditInput) => Promise<AuditEvent>;
