import type { Logger } from 'pino';
import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
import type { ChatText } from '../src/domain/chat-text.js';
import type { FieldSpec } from '../src/domain/governed-request.js';
import type { decide, GuardEvidence } from '../src/domain/guard.js';
import type { Policy } from '../src/domain/policy.js';

/** What the processors need from the outside world. Real adapters satisfy these; tests pass fakes. */
export type AuditInput = {
  type: string;
  actor: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};
/** Records an audit event; rejects when no sink could record it, and then the action must not happen. */
export type Audit = (input: AuditInput) => Promise<unknown>;

export type TableRef = { tableId: string; name: string };

export type BaseReader = {
  listTables(appToken: string): Promise<TableRef[]>;
  listFields(appToken: string, tableId: string): Promise<FieldMeta[]>;
  getRecords(
    appToken: string,
    tableId: string,
    recordIds: readonly string[],
    fields: readonly FieldMeta[],
  ): Promise<{ records: Map<string, Cells>; absent: string[] }>;
  searchRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    options: { filter?: unknown; max: number },
  ): Promise<{ records: { recordId: string; cells: Cells }[]; total: number; truncated: boolean }>;
};

export type BaseWriter = {
  createRecord(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
    options: { clientToken: string },
  ): Promise<{ recordId: string }>;
  updateRecord(
    appToken: string,
    tableId: string,
    recordId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
  ): Promise<unknown>;
  deleteRecord(appToken: string, tableId: string, recordId: string): Promise<unknown>;
  batchCreateRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    rows: readonly Cells[],
    options?: { clientToken?: (chunkIndex: number) => string },
  ): Promise<{ recordIds: string[] }>;
  batchUpdateRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    updates: ReadonlyArray<{ recordId: string; cells: Cells }>,
  ): Promise<unknown>;
  batchDeleteRecords(appToken: string, tableId: string, recordIds: readonly string[]): Promise<unknown>;
};

/** Schema reads and writes (schema ops on the sandbox, the drill's temp table). */
export type SchemaGateway = {
  listTables(appToken: string): Promise<TableRef[]>;
  /** Every field with its whole property. */
  listFieldSpecs(appToken: string, tableId: string): Promise<FieldSpec[]>;
  createTable(
    appToken: string,
    table: { name: string; fields: readonly FieldSpec[] },
  ): Promise<{ tableId: string }>;
  deleteTable(appToken: string, tableId: string): Promise<unknown>;
  createField(appToken: string, tableId: string, field: FieldSpec): Promise<{ fieldId: string }>;
  updateField(appToken: string, tableId: string, fieldId: string, field: FieldSpec): Promise<unknown>;
  deleteField(appToken: string, tableId: string, fieldId: string): Promise<unknown>;
};

/** The people of the Lark tenant (contact v3, names only). */
export type PeopleDirectory = {
  /** The open_ids among these that name nobody Lark knows; the rest are people of the tenant. */
  findUnknown(openIds: readonly string[]): Promise<string[]>;
};

export type ChatSender = {
  /** Text messages take only a `ChatText` (src/domain/chat-text.ts): hostile parts are inert in it. */
  sendText(chatId: string, text: ChatText, options?: { uuid?: string }): Promise<{ messageId: string }>;
  /** `chatId` names the chat the reply lands in, so sends are paced per chat (5 a second). */
  replyText(
    messageId: string,
    text: ChatText,
    options?: { uuid?: string; chatId?: string },
  ): Promise<{ messageId: string }>;
  replyCard(
    messageId: string,
    card: object,
    options?: { uuid?: string; chatId?: string },
  ): Promise<{ messageId: string }>;
  patchCard(messageId: string, card: object): Promise<unknown>;
};

export type Clock = () => number;

/** The guard: `decide` from src/domain/guard.ts, passed in by the composition roots (probes pass others). */
export type Decide = typeof decide;

export type CommonDeps = {
  /** The policy in force now (it may be reloaded). */
  policy: () => Policy;
  /** The guard every action is judged by (src/main passes the real `decide`). */
  decide: Decide;
  audit: Audit;
  clock: Clock;
  logger: Logger;
  /** Schema ops (issue 4). Absent: this process cannot change schemas, and schema requests fail closed. */
  schema?: SchemaGateway;
  /**
   * Recorded evidence the guard judges write requests by (the last passing rollback drill). Absent, or
   * rejecting: no evidence, so writes on a base whose tier has a drill rule are refused.
   */
  guardEvidence?: () => Promise<GuardEvidence>;
  /** The decrypted bytes of one of Larkgate's backups (schema rollbacks read their own format). */
  decryptBackup?: ((backupId: string) => Promise<Uint8Array>) | null;
};

/**
 * Whether a failed intake job's requester has been answered (src/store/create-intake-answer-marks.ts). The
 * worker's failed hook and the sweeper both answer; `claim` lets one at a time, and the marks make each step
 * (reply, audit) happen once.
 */
export type IntakeAnswerMarks = {
  /** Takes the right to answer this job for a short while; false when another answerer holds it. */
  claim(jobId: string): Promise<boolean>;
  release(jobId: string): Promise<void>;
  /** Per job id: `replied` (the chat has the answer), `done` (and it is audited), or null. */
  states(jobIds: readonly string[]): Promise<Array<'replied' | 'done' | null>>;
  mark(jobId: string, state: 'replied' | 'done'): Promise<void>;
};

/** One requester's allowance (`intake.per_requester` in larkgate.yaml), in numbers. */
export type RequesterLimits = { burst: number; perMinute: number; noticeEveryMs: number };

/**
 * Admitted: queue it at this BullMQ priority (1 + the requester's messages already in flight, so someone
 * with nothing queued goes ahead of someone with many). Limited: skip it; `notify` is true for the first
 * skipped message in the notice window (it gets the one polite reply).
 */
export type Admission =
  | { admitted: true; priority: number }
  | { admitted: false; notify: boolean; retryAfterMs: number };

/** Per-requester token buckets and in-flight counts, shared by every bot and worker (src/store). */
export type RequesterGate = {
  admit(openId: string, limits: RequesterLimits): Promise<Admission>;
  /** One of this requester's admitted messages is done (completed, or failed for good). */
  release(openId: string): Promise<void>;
};
