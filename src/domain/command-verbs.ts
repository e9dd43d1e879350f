import type { CommandKind } from './command.js';

/** One chat verb as `help` documents it and parseCommand reads it. */
export type VerbSpec = {
  kind: CommandKind;
  verb: string;
  /** Other words accepted for the verb (matched case-insensitively). */
  aliases: readonly string[];
  usage: string;
  summary: string;
  /** Parseable examples, shown by help (a test parses every one). */
  examples: readonly string[];
  /** Extra lines for `help <verb>`. */
  notes: readonly string[];
};

/** The chat grammar (docs/product.md §3), in the order help lists it. */
export const COMMAND_VERBS: readonly VerbSpec[] = [
  {
    kind: 'get',
    verb: 'get',
    aliases: ['show', 'view', 'read'],
    usage: 'get <base>/<table> <record_id>',
    summary: 'show one record',
    examples: ['get crm/Tasks recAbc123'],
    notes: ['Reads need no approval.'],
  },
  {
    kind: 'search',
    verb: 'search',
    aliases: ['find', 'list', 'query'],
    usage: 'search <base>/<table> [<Field>=<value> ...]',
    summary: 'find records where every given field has the value',
    examples: ['search crm/Tasks Status=Open', 'search "crm/Open Deals" Owner=@Bob'],
    notes: [
      'With no conditions it lists records.',
      'Text, numbers and single selects must match exactly; for lists (multi select, people, links) each value you give must be in the cell.',
      'Field= finds records where the field is empty. At most 50 conditions.',
    ],
  },
  {
    kind: 'create',
    verb: 'create',
    aliases: ['add', 'new', 'insert'],
    usage: 'create <base>/<table> <Field>=<value> [...]',
    summary: 'add a record (needs approval)',
    examples: ['create crm/Tasks Title="Call ACME" Due=2026-12-01 Owner=@Bob'],
    notes: ['I reply with a preview card; nothing is written until it is approved.'],
  },
  {
    kind: 'update',
    verb: 'update',
    aliases: ['set', 'edit', 'change'],
    usage: 'update <base>/<table> <record_id> <Field>=<value> [...]',
    summary: 'change fields of one record (needs approval)',
    examples: [
      'update crm/Tasks recAbc123 Status=Done',
      'update crm/Tasks recAbc123 "Due Date"= Notes="Moved, see thread"',
    ],
    notes: ['Only the fields you name change. Field= (or Field="") clears a field.'],
  },
  {
    kind: 'delete',
    verb: 'delete',
    aliases: ['remove', 'del', 'rm'],
    usage: 'delete <base>/<table> <record_id> [<record_id> ...]',
    summary: 'delete records by id (needs approval)',
    examples: ['delete crm/Tasks recAbc123 recDef456'],
    notes: ['Up to 100 record ids. A backup is taken first, so it can be rolled back.'],
  },
  {
    kind: 'batch-delete',
    verb: 'batch-delete',
    aliases: ['batchdelete', 'batch_delete', 'bulk-delete', 'delete-where'],
    usage: 'batch-delete <base>/<table> <Field>=<value>',
    summary: 'delete every record matching one condition (needs approval)',
    // Runs as shown in the demo: the sandbox is the base with a marker, and two Scratch records carry it.
    examples: ['batch-delete sandbox/Scratch Larkgate=deletable'],
    notes: [
      "Every matching record must carry the base's marker, or nothing is deleted.",
      'Exactly one Field=value condition. A backup is taken first, so it can be rolled back.',
    ],
  },
  {
    kind: 'table-create',
    verb: 'table-create',
    aliases: ['create-table', 'new-table', 'add-table', 'tablecreate'],
    usage: 'table-create <base>/<tmp_table> [<Field>:<type> ...]',
    summary: 'create a temp table on the sandbox (needs approval)',
    examples: ['table-create sandbox/tmp_trial Name:text Points:number Stage:select=Open,Done'],
    notes: [
      'Schema changes run only on a staging base, and only on tables whose name starts with its temp prefix (tmp_).',
      'The first field is the primary one (text, number, date, phone or url); with no fields the table gets Name:text.',
      'Options of a select follow "=": Stage:select=Open,Done. A link names its table: Parent:link=tmp_other.',
      'Types: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
    ],
  },
  {
    kind: 'table-delete',
    verb: 'table-delete',
    aliases: ['delete-table', 'drop-table', 'remove-table', 'tabledelete'],
    usage: 'table-delete <base>/<tmp_table>',
    summary: 'delete a temp table on the sandbox (needs approval)',
    examples: ['table-delete sandbox/tmp_trial'],
    notes: ['Its fields and every record are backed up first, so a rollback re-creates them.'],
  },
  {
    kind: 'field-create',
    verb: 'field-create',
    aliases: ['create-field', 'add-field', 'add-column', 'fieldcreate'],
    usage: 'field-create <base>/<tmp_table> <Field> <type> [options=a,b] [table=<link table>]',
    summary: 'add a field to a temp table on the sandbox (needs approval)',
    examples: ['field-create sandbox/tmp_trial Priority select options=Low,High'],
    notes: [
      'Types: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
      'A select needs options=…; a link needs table=<table of the same base>.',
    ],
  },
  {
    kind: 'field-update',
    verb: 'field-update',
    aliases: ['update-field', 'alter-field', 'rename-field', 'change-field', 'fieldupdate'],
    usage: 'field-update <base>/<tmp_table> <Field> [name=<new>] [type=<t>] [options=a,b] [table=<t>]',
    summary: 'rename a temp table’s field or change its type or options (needs approval)',
    examples: ['field-update sandbox/tmp_trial Priority name=Urgency options=Low,High,Critical'],
    notes: [
      'Options replace the list (an option you leave out is removed). Values a type change destroys are backed up, and a rollback writes them back.',
    ],
  },
  {
    kind: 'field-delete',
    verb: 'field-delete',
    aliases: ['delete-field', 'drop-field', 'remove-field', 'drop-column', 'fielddelete'],
    usage: 'field-delete <base>/<tmp_table> <Field>',
    summary: 'delete a temp table’s field (needs approval)',
    examples: ['field-delete sandbox/tmp_trial Priority'],
    notes: ['Its value in every record is backed up first, so a rollback re-creates the field with them.'],
  },
  {
    kind: 'rollback',
    verb: 'rollback',
    aliases: ['undo', 'revert'],
    usage: 'rollback <request_id>',
    summary: 'undo an applied request from its backup (needs approval)',
    examples: ['rollback req_abcdefgh2345'],
    notes: [
      'The request id is on the request’s card. The rollback is previewed and approved like any write.',
    ],
  },
  {
    kind: 'status',
    verb: 'status',
    aliases: ['state', 'progress'],
    usage: 'status <request_id>',
    summary: 'show where a request is (pending, approved, applied …)',
    examples: ['status req_abcdefgh2345'],
    notes: [],
  },
  {
    kind: 'help',
    verb: 'help',
    aliases: ['?', 'h', 'commands'],
    usage: 'help [command | values | bases]',
    summary: 'this reference, or more about one command',
    examples: ['help update', 'help values'],
    notes: [],
  },
];
