import type { Message } from './i18n/message.js';
/** What a person asked for in chat, after parsing (docs/product.md §3). Values are still raw text here. */
export type TargetRef = {
  /** The base alias in policy. */
  base: string;
  /** The table's name (or id, tbl…). */
  table: string;
};

/** `Field=value`. `value` is the text as typed with quotes removed; null means "clear this field". */
export type Assignment = { field: string; value: string | null };

/**
 * One field as a schema command gives it: its name, Lark type number (from the friendly name), the option
 * names of a select kind, and the table a link field points at.
 */
export type SchemaFieldInput = {
  name: string;
  type: number;
  options: string[] | null;
  linkTable: string | null;
};

/** field-update: only what is given changes (null = keep). */
export type SchemaFieldChanges = {
  name: string | null;
  type: number | null;
  options: string[] | null;
  linkTable: string | null;
};

export type Command =
  | { kind: 'help'; topic: string | null }
  | { kind: 'get'; target: TargetRef; recordId: string }
  | { kind: 'search'; target: TargetRef; conditions: Assignment[] }
  | { kind: 'create'; target: TargetRef; assignments: Assignment[] }
  | { kind: 'update'; target: TargetRef; recordId: string; assignments: Assignment[] }
  | { kind: 'delete'; target: TargetRef; recordIds: string[] }
  | { kind: 'batch-delete'; target: TargetRef; condition: Assignment }
  | { kind: 'rollback'; requestId: string }
  | { kind: 'status'; requestId: string }
  | { kind: 'table-create'; target: TargetRef; fields: SchemaFieldInput[] }
  | { kind: 'table-delete'; target: TargetRef }
  | { kind: 'field-create'; target: TargetRef; field: SchemaFieldInput }
  | { kind: 'field-update'; target: TargetRef; field: string; changes: SchemaFieldChanges }
  | { kind: 'field-delete'; target: TargetRef; field: string };

/** The schema verbs: sandbox only, temp tables only (docs/product.md §3). */
export type SchemaCommand = Extract<
  Command,
  { kind: 'table-create' | 'table-delete' | 'field-create' | 'field-update' | 'field-delete' }
>;

export type CommandKind = Command['kind'];

export type ParsedCommand =
  | { ok: true; command: Command }
  | { ok: false; error: Message; usage: string | null };

/** Request ids are `req_` + 12 lower-case base-32 characters; BullMQ job ids cannot hold ':' or be all digits. */
export const REQUEST_ID_PATTERN = /^req_[a-z2-7]{12}$/;
/** Lark record ids: `rec` followed by letters and digits. */
export const RECORD_ID_PATTERN = /^rec[A-Za-z0-9]{3,40}$/;
