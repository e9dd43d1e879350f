import {
  type Assignment,
  type Command,
  type ParsedCommand,
  RECORD_ID_PATTERN,
  REQUEST_ID_PATTERN,
  type TargetRef,
} from './command.js';
import { COMMAND_VERBS, type VerbSpec } from './command-verbs.js';
import { parseSchemaArguments } from './parse-schema-command.js';
import { resolveVerb } from './resolve-verb.js';
import { splitAssignment } from './split-assignment.js';
import { suggestClosest } from './suggest.js';
import { type Token, tokenizeCommand } from './tokenize-command.js';

/** Longest chat text read as a command; longer text is refused before tokenizing. */
export const MAX_COMMAND_CHARS = 4_000;
/** Most Field=value pairs in one create or update. */
export const MAX_ASSIGNMENTS = 100;
/** Most record ids in one delete: what one Lark batch_get can read back for the dry run (docs/reference/lark-api.md §2.1). */
export const MAX_RECORD_IDS = 100;
/** Most search conditions: Lark's limit per filter group (docs/reference/lark-api.md §2.2). */
export const MAX_SEARCH_CONDITIONS = 50;

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Chat text (the bot's own mention already removed, other mentions replaced by open_ids) → a command, or a
 * refusal that says exactly what is wrong and shows the verb's usage. Never throws. Empty text is `help`.
 */
export function parseCommand(text: string): ParsedCommand {
  if (typeof text !== 'string') return refuse('I could not read that message as text.', null);
  if (text.length > MAX_COMMAND_CHARS) {
    return refuse(
      `That message is too long: I read commands of up to ${MAX_COMMAND_CHARS.toLocaleString('en-US')} characters. Split it into smaller requests.`,
      null,
    );
  }
  const tokenized = tokenizeCommand(text);
  if (!tokenized.ok) return refuse(tokenized.error, resolveVerb(firstWord(text))?.usage ?? null);
  const [verbToken, ...args] = tokenized.tokens;
  if (!verbToken) return { ok: true, command: { kind: 'help', topic: null } };
  const spec = resolveVerb(verbToken.text);
  if (!spec) return unknownVerb(verbToken);
  const step = parseArguments(spec, args);
  return step.ok ? { ok: true, command: step.value } : refuse(step.error, spec.usage);
}

function parseArguments(spec: VerbSpec, args: Token[]): Step<Command> {
  switch (spec.kind) {
    case 'help': {
      const topic = args.map((token) => token.text).join(' ');
      return ok({ kind: 'help', topic: topic === '' ? null : topic });
    }
    case 'get':
      return parseGet(spec, args);
    case 'search':
      return parseSearch(spec, args);
    case 'create':
      return parseCreate(spec, args);
    case 'update':
      return parseUpdate(spec, args);
    case 'delete':
      return parseDelete(spec, args);
    case 'batch-delete':
      return parseBatchDelete(spec, args);
    case 'rollback':
    case 'status':
      return parseRequestCommand(spec, spec.kind, args);
    case 'table-create':
    case 'table-delete':
    case 'field-create':
    case 'field-update':
    case 'field-delete':
      return parseSchemaArguments(spec, args, readTarget);
  }
}

function parseGet(spec: VerbSpec, [targetToken, idToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const recordId = readRecordId(spec, target.value, idToken);
  if (!recordId.ok) return recordId;
  const [stray] = rest;
  if (stray) {
    const hint = splitAssignment(stray) ? ' (to change fields use update)' : ' at a time';
    return fail(`Unexpected ${show(stray)} after the record id: get shows one record${hint}.`);
  }
  return ok({ kind: 'get', target: target.value, recordId: recordId.value });
}

function parseSearch(spec: VerbSpec, [targetToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const conditions = readAssignments(rest, 'condition', MAX_SEARCH_CONDITIONS);
  if (!conditions.ok) return conditions;
  return ok({ kind: 'search', target: target.value, conditions: conditions.value });
}

function parseCreate(spec: VerbSpec, [targetToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const [first] = rest;
  if (first && !splitAssignment(first) && RECORD_ID_PATTERN.test(first.text)) {
    return fail(
      `create makes a new record, so it takes no record id; to change ${first.text} use update ${targetText(target.value)} ${first.text} Field=value.`,
    );
  }
  if (!first)
    return fail('create needs at least one Field=value for the new record, e.g. Title="Call ACME".');
  const assignments = readAssignments(rest, 'assignment', MAX_ASSIGNMENTS);
  if (!assignments.ok) return assignments;
  return ok({ kind: 'create', target: target.value, assignments: assignments.value });
}

function parseUpdate(spec: VerbSpec, [targetToken, idToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const recordId = readRecordId(spec, target.value, idToken);
  if (!recordId.ok) return recordId;
  if (rest.length === 0) return fail('update needs at least one Field=value to change, e.g. Status=Done.');
  const assignments = readAssignments(rest, 'assignment', MAX_ASSIGNMENTS);
  if (!assignments.ok) return assignments;
  return ok({
    kind: 'update',
    target: target.value,
    recordId: recordId.value,
    assignments: assignments.value,
  });
}

function parseDelete(spec: VerbSpec, [targetToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  if (rest.length === 0) return fail('delete needs the id of at least one record, like recAbc123.');
  const condition = rest.find((token) => splitAssignment(token));
  if (condition) {
    return fail(
      `delete takes record ids, not ${show(condition)}; to delete the records matching a condition use batch-delete ${targetText(target.value)} ${condition.raw}.`,
    );
  }
  if (rest.length > MAX_RECORD_IDS) {
    return fail(
      `That is ${rest.length} record ids; one delete takes at most ${MAX_RECORD_IDS}. Split it up.`,
    );
  }
  const recordIds: string[] = [];
  for (const token of rest) {
    const recordId = readRecordId(spec, target.value, token);
    if (!recordId.ok) return recordId;
    if (recordIds.includes(recordId.value)) return fail(`${recordId.value} is listed twice.`);
    recordIds.push(recordId.value);
  }
  return ok({ kind: 'delete', target: target.value, recordIds });
}

function parseBatchDelete(spec: VerbSpec, [targetToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const [first] = rest;
  if (first && !splitAssignment(first) && RECORD_ID_PATTERN.test(first.text)) {
    return fail(
      `batch-delete takes one Field=value condition, not record ids; to delete ${first.text} use delete ${targetText(target.value)} ${first.text}.`,
    );
  }
  if (!first) return fail('batch-delete needs one Field=value condition saying which records to delete.');
  const conditions = readAssignments(rest, 'condition', MAX_SEARCH_CONDITIONS);
  if (!conditions.ok) return conditions;
  const [condition, ...others] = conditions.value;
  if (!condition || others.length > 0) {
    return fail(
      `batch-delete takes exactly one Field=value condition, and got ${conditions.value.length}. Preview the matches with search first if you need several conditions.`,
    );
  }
  return ok({ kind: 'batch-delete', target: target.value, condition });
}

function parseRequestCommand(
  spec: VerbSpec,
  kind: 'rollback' | 'status',
  [idToken, ...rest]: Token[],
): Step<Command> {
  if (!idToken) {
    return fail(`${spec.verb} needs a request id, like req_abcdefgh2345 (it is on the request’s card).`);
  }
  const requestId = idToken.text.trim().toLowerCase();
  if (!REQUEST_ID_PATTERN.test(requestId)) {
    return fail(
      `${show(idToken)} is not a request id: request ids look like req_abcdefgh2345 (req_ and 12 more letters or digits), and each request’s card shows its id.`,
    );
  }
  const [stray] = rest;
  if (stray)
    return fail(`Unexpected ${show(stray)} after the request id: ${spec.verb} takes one request id.`);
  return ok({ kind, requestId });
}

function readTarget(spec: VerbSpec, token: Token | undefined): Step<TargetRef> {
  const shape = 'written <base>/<table>, like crm/Tasks';
  if (!token) return fail(`${spec.verb} needs a table, ${shape}.`);
  if (splitAssignment(token)) return fail(`${spec.verb} needs a table before any Field=value, ${shape}.`);
  const text = token.text;
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (RECORD_ID_PATTERN.test(text)) {
      return fail(
        `${spec.verb} needs the table before the record id: ${spec.verb} crm/Tasks ${text} (with your base and table).`,
      );
    }
    return fail(
      `${show(token)} is not a table: write <base>/<table>, like crm/Tasks, and quote it if the table name has spaces: "crm/Open Deals".`,
    );
  }
  const base = text.slice(0, slash).trim();
  const table = text.slice(slash + 1).trim();
  if (base === '')
    return fail(`${show(token)} has no base before the "/": write <base>/<table>, like crm/Tasks.`);
  if (table === '')
    return fail(`${show(token)} has no table after the "/": write <base>/<table>, like crm/Tasks.`);
  return ok({ base, table });
}

function readRecordId(spec: VerbSpec, target: TargetRef, token: Token | undefined): Step<string> {
  if (!token) return fail(`${spec.verb} needs a record id after the table, like recAbc123.`);
  if (splitAssignment(token)) {
    return fail(
      `${spec.verb} needs the record id before the Field=value pairs: ${spec.verb} ${targetText(target)} recAbc123 ${token.raw}.`,
    );
  }
  const recordId = token.text.trim();
  if (!RECORD_ID_PATTERN.test(recordId)) {
    return fail(
      `${show(token)} is not a record id: record ids are "rec" followed by letters and digits, like recAbc123.`,
    );
  }
  return ok(recordId);
}

function readAssignments(tokens: Token[], kind: 'assignment' | 'condition', max: number): Step<Assignment[]> {
  if (tokens.length > max) {
    const what = kind === 'condition' ? 'conditions' : 'fields';
    return fail(`That is ${tokens.length} ${what}; one request takes at most ${max}.`);
  }
  const assignments: Assignment[] = [];
  let previous: { token: Token; assignment: Assignment } | null = null;
  for (const token of tokens) {
    const assignment = splitAssignment(token);
    if (!assignment) return fail(notAnAssignment(token, previous));
    if (assignment.field.trim() === '') {
      return fail(
        `${show(token)} has no field name before the "=". Write Field=value with no spaces around "=", and quote names with spaces: "Due Date"=2026-12-01.`,
      );
    }
    if (assignments.some((seen) => seen.field === assignment.field)) {
      return fail(`${assignment.field} appears twice; give each field once.`);
    }
    assignments.push(assignment);
    previous = { token, assignment };
  }
  return ok(assignments);
}

function notAnAssignment(token: Token, previous: { token: Token; assignment: Assignment } | null): string {
  const base = `${show(token)} is not a Field=value pair.`;
  if (!previous) return `${base} Write Field=value, and quote values with spaces: Title="Call ACME".`;
  const { field, value } = previous.assignment;
  const fieldText = /[\s"=]/u.test(field) ? `"${field}"` : field;
  if (value === null && previous.token.raw.endsWith('=')) {
    return `${base} If you meant ${fieldText}=${token.text}, remove the space after "=".`;
  }
  if (token.text.startsWith('ou_')) {
    return `${base} To name several people, separate them with commas and no spaces: ${fieldText}=${value ?? ''},${token.text}.`;
  }
  return `${base} If it belongs to ${field}, quote the whole value: ${fieldText}="${value ?? ''} ${token.text}".`;
}

function unknownVerb(token: Token): ParsedCommand {
  const words = COMMAND_VERBS.flatMap((spec) => [
    spec.verb,
    ...spec.aliases.filter((alias) => alias.length > 2),
  ]);
  const suggestion = suggestClosest(token.text, words);
  const known = suggestion ? resolveVerb(suggestion) : undefined;
  const hint = known ? `Did you mean ${known.verb}?` : 'Say help for the list of commands.';
  return refuse(`I don't know the command ${show(token)}. ${hint}`, known?.usage ?? null);
}

function targetText(target: TargetRef): string {
  const text = `${target.base}/${target.table}`;
  return /\s/u.test(text) ? `"${text}"` : text;
}

/** A token quoted for a message, cut short so a pasted essay is not echoed back. */
function show(token: Token): string {
  const raw = token.raw;
  return `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;
}

function firstWord(text: string): string {
  return text.trim().split(/\s+/u)[0] ?? '';
}

function ok<T>(value: T): Step<T> {
  return { ok: true, value };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function refuse(error: string, usage: string | null): ParsedCommand {
  return { ok: false, error, usage };
}
