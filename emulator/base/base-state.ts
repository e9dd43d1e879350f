/** In-memory Base (Bitable) state. Cells are stored by field id, in a normalised *write* shape. */
export type SelectOption = { id: string; name: string; color: number };

export type FieldState = {
  field_id: string;
  field_name: string;
  type: number;
  property: Record<string, unknown> | null;
  description: string | undefined;
  ui_type: string;
  is_primary: boolean;
};

/**
 * Stored cell values: text, phone, location → string; number, datetime → number; single select → option
 * name; multi select → names; checkbox → boolean; user → open ids; url → {text, link}; links → record ids;
 * group chat → chat ids; attachment → [{file_token}].
 */
export type CellValue = unknown;

export type RecordState = {
  record_id: string;
  cells: Map<string, CellValue>;
  created_time: number;
  last_modified_time: number;
  /** open_id of the creator / last modifier (the app's bot for API writes). */
  created_by: string;
  last_modified_by: string;
  auto_number: number;
};

export type TableState = {
  table_id: string;
  name: string;
  revision: number;
  default_view_id: string;
  fields: FieldState[];
  /** Insertion-ordered, which is the default record order. */
  records: Map<string, RecordState>;
  next_auto_number: number;
};

export type BaseState = {
  app_token: string;
  name: string;
  revision: number;
  time_zone: string;
  permission: 'edit' | 'read' | 'none';
  tables: TableState[];
  /** client_token values already used against this Base (docs/reference/lark-api.md §2.1 write params). */
  client_tokens: Set<string>;
};

export type Person = {
  open_id: string;
  name: string;
  union_id?: string | undefined;
  user_id?: string | undefined;
};

/** What reads and writes need besides one Base: people and chats known from the seed, the clock, ids. */
export type BaseContext = {
  clock: () => number;
  newId: (prefix: 'fld' | 'rec' | 'tbl' | 'vew' | 'opt') => string;
  people: Map<string, Person>;
  chats: Map<string, string>;
  /** The open_id API writes are attributed to (the app's bot). */
  actor: string;
};

export function findField(table: TableState, name: string): FieldState | undefined {
  return table.fields.find((field) => field.field_name === name);
}
