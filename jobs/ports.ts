import type { Logger } from 'pino';
import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
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

export type ChatSender = {
  sendText(chatId: string, text: string, options?: { uuid?: string }): Promise<{ messageId: string }>;
  /** `chatId` names the chat the reply lands in, so sends are paced per chat (5 a second). */
  replyText(
    messageId: string,
    text: string,
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

export type CommonDeps = {
  /** The policy in force now (it may be reloaded). */
  policy: () => Policy;
  audit: Audit;
  clock: Clock;
  logger: Logger;
};
