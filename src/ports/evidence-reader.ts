import type { AuditEvent } from '../domain/audit-event.js';

/** One audit sink as evidence was read from it. */
export type EvidenceSource = {
  sink: 'file' | 'stream';
  where: string;
  /** ok: read and verified; unverified: its chain is broken (not trusted); unreadable: could not be read. */
  status: 'ok' | 'unverified' | 'unreadable';
  events: number;
  problem: string | null;
};

/** The verified audit events evidence may rely on, and how each sink read (src/evidence/read-evidence.ts). */
export type VerifiedEvidence = { events: AuditEvent[]; sources: EvidenceSource[] };

/** Reads and verifies the audit log; `stream: false` reads only the file. */
export type EvidenceReader = (options?: { stream?: boolean }) => Promise<VerifiedEvidence>;
