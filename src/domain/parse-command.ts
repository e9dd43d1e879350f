import {
  type Assignment,
  type Command,
  type ParsedCommand,
  RECORD_ID_PATTERN,
  REQUEST_ID_PATTERN,
  type TargetRef,
} from './command.js';
import { COMMAND_VERBS, type VerbSpec } from './command-verbs.js';
import { type Message, message, verbatim } from './i18n/message.js';
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

/** A refusal is a catalogue message, said in the reader's language at the edge. */
type Step<T> = { ok: true; value: T } | { ok: false; error: Message };

/**
 * Chat text (the bot's own mention already removed, other mentions replaced by open_ids) → a command, or a
 * refusal that says exactly what is wrong and shows the verb's usage. Never throws. Empty text is `help`.
 */
export function parseCommand(text: string): ParsedCommand {
  if (typeof text !== 'string') return refuse(message('reply.parse.not_text'), null);
  if (text.length > MAX_COMMAND_CHARS) {
    return refuse(message('reply.parse.too_long', { max: MAX_COMMAND_CHARS.toLocaleString('en-US') }), null);
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
    return fail(
      message(splitAssignment(stray) ? 'reply.parse.get_stray_pair' : 'reply.parse.get_stray', {
        token: show(stray),
      }),
    );
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
    return fail(message('reply.parse.create_with_id', { id: first.text, target: targetText(target.value) }));
  }
  if (!first) return fail(message('reply.parse.create_empty'));
  const assignments = readAssignments(rest, 'assignment', MAX_ASSIGNMENTS);
  if (!assignments.ok) return assignments;
  return ok({ kind: 'create', target: target.value, assignments: assignments.value });
}

function parseUpdate(spec: VerbSpec, [targetToken, idToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const recordId = readRecordId(spec, target.value, idToken);
  if (!recordId.ok) return recordId;
  if (rest.length === 0) return fail(message('reply.parse.update_empty'));
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
  if (rest.length === 0) return fail(message('reply.parse.delete_empty'));
  const condition = rest.find((token) => splitAssignment(token));
  if (condition) {
    return fail(
      message('reply.parse.delete_condition', {
        token: show(condition),
        target: targetText(target.value),
        condition: condition.raw,
      }),
    );
  }
  if (rest.length > MAX_RECORD_IDS) {
    return fail(message('reply.parse.delete_too_many', { count: rest.length, max: MAX_RECORD_IDS }));
  }
  const recordIds: string[] = [];
  for (const token of rest) {
    const recordId = readRecordId(spec, target.value, token);
    if (!recordId.ok) return recordId;
    if (recordIds.includes(recordId.value))
      return fail(message('reply.parse.listed_twice', { id: recordId.value }));
    recordIds.push(recordId.value);
  }
  return ok({ kind: 'delete', target: target.value, recordIds });
}

function parseBatchDelete(spec: VerbSpec, [targetToken, ...rest]: Token[]): Step<Command> {
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  const [first] = rest;
  if (first && !splitAssignment(first) && RECORD_ID_PATTERN.test(first.text)) {
    return fail(message('reply.parse.batch_with_id', { id: first.text, target: targetText(target.value) }));
  }
  if (!first) return fail(message('reply.parse.batch_empty'));
  const conditions = readAssignments(rest, 'condition', MAX_SEARCH_CONDITIONS);
  if (!conditions.ok) return conditions;
  const [condition, ...others] = conditions.value;
  if (!condition || others.length > 0) {
    return fail(message('reply.parse.batch_several', { count: conditions.value.length }));
  }
  return ok({ kind: 'batch-delete', target: target.value, condition });
}

function parseRequestCommand(
  spec: VerbSpec,
  kind: 'rollback' | 'status',
  [idToken, ...rest]: Token[],
): Step<Command> {
  if (!idToken) {
    return fail(message('reply.parse.request_id_missing', { verb: verbatim(spec.verb) }));
  }
  const requestId = idToken.text.trim().toLowerCase();
  if (!REQUEST_ID_PATTERN.test(requestId)) {
    return fail(message('reply.parse.not_request_id', { token: show(idToken) }));
  }
  const [stray] = rest;
  if (stray)
    return fail(message('reply.parse.request_stray', { token: show(stray), verb: verbatim(spec.verb) }));
  return ok({ kind, requestId });
}

function readTarget(spec: VerbSpec, token: Token | undefined): Step<TargetRef> {
  const verb = verbatim(spec.verb);
  if (!token) return fail(message('reply.parse.table_missing', { verb }));
  if (splitAssignment(token)) return fail(message('reply.parse.table_before_pairs', { verb }));
  const text = token.text;
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (RECORD_ID_PATTERN.test(text)) {
      return fail(message('reply.parse.table_before_id', { verb, id: text }));
    }
    return fail(message('reply.parse.not_a_table', { token: show(token) }));
  }
  const base = text.slice(0, slash).trim();
  const table = text.slice(slash + 1).trim();
  if (base === '') return fail(message('reply.parse.no_base', { token: show(token) }));
  if (table === '') return fail(message('reply.parse.no_table', { token: show(token) }));
  return ok({ base, table });
}

function readRecordId(spec: VerbSpec, target: TargetRef, token: Token | undefined): Step<string> {
  const verb = verbatim(spec.verb);
  if (!token) return fail(message('reply.parse.record_id_missing', { verb }));
  if (splitAssignment(token)) {
    return fail(
      message('reply.parse.id_before_pairs', { verb, target: targetText(target), pair: token.raw }),
    );
  }
  const recordId = token.text.trim();
  if (!RECORD_ID_PATTERN.test(recordId)) {
    return fail(message('reply.parse.not_record_id', { token: show(token) }));
  }
  return ok(recordId);
}

function readAssignments(tokens: Token[], kind: 'assignment' | 'condition', max: number): Step<Assignment[]> {
  if (tokens.length > max) {
    const key = kind === 'condition' ? 'reply.parse.too_many_conditions' : 'reply.parse.too_many_fields';
    return fail(message(key, { count: tokens.length, max }));
  }
  const assignments: Assignment[] = [];
  let previous: { token: Token; assignment: Assignment } | null = null;
  for (const token of tokens) {
    const assignment = splitAssignment(token);
    if (!assignment) return fail(notAnAssignment(token, previous));
    if (assignment.field.trim() === '') {
      return fail(message('reply.parse.no_field_name', { token: show(token) }));
    }
    if (assignments.some((seen) => seen.field === assignment.field)) {
      return fail(message('reply.parse.field_twice', { field: assignment.field }));
    }
    assignments.push(assignment);
    previous = { token, assignment };
  }
  return ok(assignments);
}

function notAnAssignment(token: Token, previous: { token: Token; assignment: Assignment } | null): Message {
  if (!previous) return message('reply.parse.not_pair', { token: show(token) });
  const { field, value } = previous.assignment;
  const fieldText = /[\s"=]/u.test(field) ? `"${field}"` : field;
  const params = { token: show(token), field: fieldText, value: value ?? '', next: token.text };
  if (value === null && previous.token.raw.endsWith('='))
    return message('reply.parse.not_pair_space', params);
  if (token.text.startsWith('ou_')) return message('reply.parse.not_pair_people', params);
  return message('reply.parse.not_pair_quote', { ...params, name: field });
}

function unknownVerb(token: Token): ParsedCommand {
  const words = COMMAND_VERBS.flatMap((spec) => [
    spec.verb,
    ...spec.aliases.filter((alias) => alias.length > 2),
  ]);
  const suggestion = suggestClosest(token.text, words);
  const known = suggestion ? resolveVerb(suggestion) : undefined;
  return refuse(
    known
      ? message('reply.parse.unknown_verb_suggest', { token: show(token), verb: verbatim(known.verb) })
      : message('reply.parse.unknown_verb', { token: show(token) }),
    known?.usage ?? null,
  );
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

function fail(error: Message): { ok: false; error: Message } {
  return { ok: false, error };
}

function refuse(error: Message, usage: string | null): ParsedCommand {
  return { ok: false, error, usage };
}
