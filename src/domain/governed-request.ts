import type { Cells } from './cell-value.js';
import type { WriteOpName } from './policy.js';
import type { Stage, Tier } from './tiers.js';

/** A field the plan touches, with what is needed to write and verify it. */
export type PlanField = {
  fieldId: string;
  name: string;
  type: number;
  options: readonly string[];
  isPrimary: boolean;
};

/**
 * One record's change. `before` is null for a create, `after` null for a delete. For an update, both hold
 * only the fields being changed; for a delete, `before` holds every field read.
 */
export type RecordChange = { recordId: string | null; before: Cells | null; after: Cells | null };

/** The exact change a request asks for: what the approvers see and what the scope hash binds. */
export type WritePlan = {
  op: WriteOpName;
  base: { alias: string; appToken: string };
  table: { id: string; name: string };
  fields: PlanField[];
  changes: RecordChange[];
};

export type RequestState =
  | 'pending'
  | 'dry_run'
  | 'approved'
  | 'executing'
  | 'applied'
  | 'verify_failed'
  | 'stale'
  | 'failed'
  | 'needs_review'
  | 'rejected'
  | 'expired';

export const FINAL_STATES: ReadonlySet<RequestState> = new Set([
  'dry_run',
  'applied',
  'verify_failed',
  'stale',
  'failed',
  'needs_review',
  'rejected',
  'expired',
]);

export type Vote = { voter: string; decision: 'approve' | 'reject'; at: number };

/** Steps of the live op, persisted so a retried job resumes instead of repeating (reliability-notes §2.5). */
export type ExecutionStep = 'consumed' | 'backed_up' | 'writing' | 'written' | 'verified';

export type Execution = {
  step: ExecutionStep;
  startedAt: number;
  attempts: number;
  backupId: string | null;
  /** Record ids created by this request (creates), so a retry adopts them instead of creating twice. */
  createdRecordIds: string[];
  /** For a create: records that already matched the after-state before the write, so a reconcile can tell them apart. */
  preexistingMatches: string[];
  finishedAt: number | null;
  verification: { ok: boolean; mismatches: string[] } | null;
  /** Why the op stopped (stale, failed, needs review), in words a person can act on. */
  problem: string | null;
};

export type GovernedRequest = {
  id: string;
  plan: WritePlan;
  scopeHash: string;
  requester: string;
  chatId: string;
  sourceMessageId: string;
  cardMessageId: string | null;
  tier: Tier;
  stage: Stage;
  approvalsNeeded: number;
  distinctGroups: number;
  createdAt: number;
  expiresAt: number;
  state: RequestState;
  votes: Vote[];
  artefactId: string | null;
  execution: Execution | null;
};

/** The single-use approval artefact minted when a request's N-of-M is met. */
export type ApprovalArtefact = {
  id: string;
  requestId: string;
  scopeHash: string;
  approvers: string[];
  createdAt: number;
  usedAt: number | null;
};
