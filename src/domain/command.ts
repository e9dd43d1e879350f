/** What a person asked for in chat, after parsing (product.md §3). Values are still raw text here. */
export type TargetRef = {
  /** The base alias in policy. */
  base: string;
  /** The table's name (or id, tbl…). */
  table: string;
};

/** `Field=value`. `value` is the text as typed with quotes removed; null means "clear this field". */
export type Assignment = { field: string; value: string | null };

export type Command =
  | { kind: 'help'; topic: string | null }
  | { kind: 'get'; target: TargetRef; recordId: string }
  | { kind: 'search'; target: TargetRef; conditions: Assignment[] }
  | { kind: 'create'; target: TargetRef; assignments: Assignment[] }
  | { kind: 'update'; target: TargetRef; recordId: string; assignments: Assignment[] }
  | { kind: 'delete'; target: TargetRef; recordIds: string[] }
  | { kind: 'batch-delete'; target: TargetRef; condition: Assignment }
  | { kind: 'rollback'; requestId: string }
  | { kind: 'status'; requestId: string };

export type CommandKind = Command['kind'];

export type ParsedCommand =
  | { ok: true; command: Command }
  | { ok: false; error: string; usage: string | null };

/** Request ids are `req_` + 12 lower-case base-32 characters; BullMQ job ids cannot hold ':' or be all digits. */
export const REQUEST_ID_PATTERN = /^req_[a-z2-7]{12}$/;
/** Lark record ids: `rec` followed by letters and digits. */
export const RECORD_ID_PATTERN = /^rec[A-Za-z0-9]{3,40}$/;
