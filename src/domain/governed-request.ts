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
 * only the fields being changed; for a delete, `before` holds every field read. `restores` names the
 * record a rollback re-creates (its old id), so the receipt can map old → new ids.
 */
export type RecordChange = {
  recordId: string | null;
  before: Cells | null;
  after: Cells | null;
  restores?: string;
  /**
   * A re-create's links to other records re-created by the same rollback, by field, as their OLD ids:
   * written once every record exists, through the old → new id map (the old ids no longer exist).
   */
  relinks?: Record<string, string[]>;
};

/** The exact change a record request asks for: what the approvers see and what the scope hash binds. */
export type WritePlan = {
  kind: 'records';
  op: WriteOpName;
  base: { alias: string; appToken: string };
  table: { id: string; name: string };
  fields: PlanField[];
  changes: RecordChange[];
};

export type SchemaOp = 'table.create' | 'table.delete' | 'field.create' | 'field.update' | 'field.delete';

/** A field's definition as Lark's fields API has it (docs/reference/lark-api.md §2.1). */
export type FieldSpec = {
  fieldId: string | null;
  name: string;
  type: number;
  property: Record<string, unknown> | null;
  /** The table's first field: it cannot be deleted (1254046) and names the records. */
  isPrimary: boolean;
};

/** Cells a schema rollback writes back from its backup, per record (canonical values, keyed by field name). */
export type SchemaRestore = { records: Array<{ recordId: string; cells: Cells }> };

/**
 * A schema change: only on a staging base, only on a temp-prefixed table. `field` holds the field
 * before and after (field ops); `tableFields` the table's fields before and after (table ops); null where
 * it does not exist. `restore` is the data a rollback writes back after re-creating what a delete (or a
 * type change) destroyed: into the same record ids for a field, into new records (ids mapped old → new)
 * for a re-created table; null for every other change. The data a change destroys is not in the plan: the
 * worker backs it up just before the write.
 */
export type SchemaPlan = {
  kind: 'schema';
  op: SchemaOp;
  base: { alias: string; appToken: string };
  table: { id: string | null; name: string };
  field: { before: FieldSpec | null; after: FieldSpec | null } | null;
  tableFields: { before: FieldSpec[] | null; after: FieldSpec[] | null } | null;
  restore: SchemaRestore | null;
};

export type RequestPlan = WritePlan | SchemaPlan;

/**
 * Where a request came from: a person in chat, an agent through the MCP server (on behalf of the request's
 * requester, with its reason as it gave it: hostile text), a rollback of an earlier request, or a drill.
 */
export type RequestOrigin =
  | { kind: 'chat' }
  | { kind: 'agent'; agentId: string; reason: string }
  | {
      kind: 'rollback';
      of: string;
      backupId: string;
      conflicts: string[];
      /** Set when the rollback is a step of a drill: the drill approves it itself (guard: drill-approve). */
      drillId?: string;
      /** Set when an agent asked for the rollback (rollback_request). */
      agentId?: string;
    }
  | { kind: 'drill'; drillId: string };

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
  /**
   * Record ids created by this request, aligned with `plan.changes` (null: not created yet), so a retry
   * adopts them instead of creating twice.
   */
  createdRecordIds: Array<string | null>;
  /** For a rollback that re-creates records: old record id → new record id. */
  idMap: Record<string, string> | null;
  /**
   * For a schema op: the table or field it created (so a retry adopts it instead of creating twice). A
   * re-created table's restored records are in `createdRecordIds` (aligned with `plan.restore.records`).
   */
  schemaIds: { tableId: string | null; fieldId: string | null } | null;
  /**
   * For a rollback that relinks re-created records: how many of its relink updates landed (in order), so
   * a resumed pass goes on from there; absent before the first.
   */
  relinked?: number;
  /** For a create: records that already matched the after-state before the write, so a reconcile can tell them apart. */
  preexistingMatches: string[];
  finishedAt: number | null;
  verification: { ok: boolean; mismatches: string[] } | null;
  /** Why the op stopped (stale, failed, needs review), in words a person can act on. */
  problem: string | null;
};

export type GovernedRequest = {
  id: string;
  origin: RequestOrigin;
  plan: RequestPlan;
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
  /** The rollback that undid this applied request, once that rollback is applied (absent until then). */
  rolledBackBy?: string;
  /**
   * While pending: records of this diff that another request changed since (by that request's id). The
   * diff's before-state is no longer the target's, so an approval would end stale at the re-read.
   */
  outdated?: Array<{ by: string; recordIds: string[] }>;
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
