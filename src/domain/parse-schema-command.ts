import type { Command, SchemaFieldChanges, SchemaFieldInput, TargetRef } from './command.js';
import type { VerbSpec } from './command-verbs.js';
import { type Message, message, verbatim } from './i18n/message.js';
import { listSchemaTypeNames, resolveSchemaFieldType, SCHEMA_FIELD_TYPES } from './schema-field-types.js';
import { splitAssignment } from './split-assignment.js';
import { suggestClosest } from './suggest.js';
import type { Token, TokenPart } from './tokenize-command.js';

type Step<T> = { ok: true; value: T } | { ok: false; error: Message };

/** Reads `<base>/<table>` (parse-command.ts passes its own reader, so both say the same things). */
export type TargetReader = (spec: VerbSpec, token: Token | undefined) => Step<TargetRef>;

/** Lark's limits: a field or table name is 1–100 characters, a table has at most 300 fields. */
const MAX_NAME = 100;
const MAX_FIELDS = 300;
const MAX_OPTIONS = 100;

/**
 * The arguments of a schema verb (table-create, table-delete, field-create, field-update, field-delete).
 * Types are read by their friendly names (schema-field-types.ts) and checked here, so a typo is explained
 * before anything is read from Lark.
 */
export function parseSchemaArguments(spec: VerbSpec, args: Token[], readTarget: TargetReader): Step<Command> {
  const [targetToken, ...rest] = args;
  const target = readTarget(spec, targetToken);
  if (!target.ok) return target;
  switch (spec.kind) {
    case 'table-create':
      return parseTableCreate(target.value, rest);
    case 'table-delete': {
      const [stray] = rest;
      if (stray) return fail(message('reply.schema.table_delete_stray', { token: show(stray) }));
      return ok({ kind: 'table-delete', target: target.value });
    }
    case 'field-create':
      return parseFieldCreate(target.value, rest);
    case 'field-update':
      return parseFieldUpdate(target.value, rest);
    case 'field-delete': {
      const [fieldToken, stray] = rest;
      if (!fieldToken) return fail(message('reply.schema.field_delete_missing'));
      if (stray) return fail(message('reply.schema.field_delete_stray', { token: show(stray) }));
      const name = readName(fieldToken);
      return name.ok ? ok({ kind: 'field-delete', target: target.value, field: name.value }) : name;
    }
    default:
      return fail(message('reply.schema.not_schema', { verb: verbatim(spec.verb) }));
  }
}

function parseTableCreate(target: TargetRef, tokens: Token[]): Step<Command> {
  if (tokens.length > MAX_FIELDS)
    return fail(message('reply.schema.too_many_fields', { count: tokens.length, max: MAX_FIELDS }));
  const fields: SchemaFieldInput[] = [];
  for (const token of tokens) {
    const field = readFieldDefinition(token);
    if (!field.ok) return field;
    if (fields.some((seen) => seen.name === field.value.name))
      return fail(message('reply.schema.field_twice', { field: field.value.name }));
    fields.push(field.value);
  }
  if (fields.length === 0) fields.push({ name: 'Name', type: 1, options: null, linkTable: null });
  const primary = fields[0] as SchemaFieldInput;
  const primaryType = SCHEMA_FIELD_TYPES.find((entry) => entry.type === primary.type);
  if (!primaryType?.primary) {
    const allowed = SCHEMA_FIELD_TYPES.filter((entry) => entry.primary).map((entry) => entry.name);
    return fail(
      message('reply.schema.primary', {
        allowed: verbatim(allowed.join(', ')),
        field: primary.name,
        type: primaryType ? verbatim(primaryType.name) : message('reply.schema.other_type'),
      }),
    );
  }
  return ok({ kind: 'table-create', target, fields });
}

/** `Name:type`, `Stage:select=Open,Done` or `Parent:link=tmp_other`. */
function readFieldDefinition(token: Token): Step<SchemaFieldInput> {
  const [namePart, typePart] = splitUnquoted(token.parts, ':', 2);
  if (typePart === undefined) {
    return fail(message('reply.schema.not_definition', { token: show(token) }));
  }
  const name = checkName(joinText(namePart ?? []));
  if (!name.ok) return name;
  const [typeWord, value] = splitUnquoted(typePart, '=', 2);
  const type = readType(joinText(typeWord ?? []));
  if (!type.ok) return type;
  const entry = type.value;
  const valueText = value === undefined ? null : joinText(value);
  if (entry.options) {
    if (valueText === null || valueText === '') {
      return fail(
        message('reply.schema.options_after_eq', { field: name.value, type: verbatim(entry.name) }),
      );
    }
    const options = readOptions(value ?? []);
    return options.ok
      ? ok({ name: name.value, type: entry.type, options: options.value, linkTable: null })
      : options;
  }
  if (entry.link) {
    if (valueText === null || valueText.trim() === '') {
      return fail(message('reply.schema.link_after_eq', { field: name.value }));
    }
    return ok({ name: name.value, type: entry.type, options: null, linkTable: valueText.trim() });
  }
  if (valueText !== null) {
    return fail(message('reply.schema.nothing_after_eq', { field: name.value, type: verbatim(entry.name) }));
  }
  return ok({ name: name.value, type: entry.type, options: null, linkTable: null });
}

function parseFieldCreate(target: TargetRef, tokens: Token[]): Step<Command> {
  const [fieldToken, typeToken, ...rest] = tokens;
  if (!fieldToken) return fail(message('reply.schema.field_create_missing'));
  const name = readName(fieldToken);
  if (!name.ok) return name;
  if (!typeToken || splitAssignment(typeToken)) {
    return fail(message('reply.schema.field_create_type', { types: verbatim(listSchemaTypeNames()) }));
  }
  const type = readType(typeToken.text);
  if (!type.ok) return type;
  const settings = readSettings(rest, ['options', 'table']);
  if (!settings.ok) return settings;
  const entry = type.value;
  const { options, table } = settings.value;
  if (entry.options && (options === undefined || options.length === 0)) {
    return fail(message('reply.schema.options_needed', { field: name.value, type: verbatim(entry.name) }));
  }
  if (!entry.options && options !== undefined) return fail(message('reply.schema.options_only_select'));
  if (entry.link && (table === undefined || table === '')) {
    return fail(message('reply.schema.link_table_needed', { field: name.value }));
  }
  if (!entry.link && table !== undefined) return fail(message('reply.schema.table_only_link'));
  return ok({
    kind: 'field-create',
    target,
    field: { name: name.value, type: entry.type, options: options ?? null, linkTable: table ?? null },
  });
}

function parseFieldUpdate(target: TargetRef, tokens: Token[]): Step<Command> {
  const [fieldToken, ...rest] = tokens;
  if (!fieldToken) return fail(message('reply.schema.field_update_missing'));
  const name = readName(fieldToken);
  if (!name.ok) return name;
  if (rest.length === 0) {
    return fail(message('reply.schema.field_update_empty'));
  }
  const settings = readSettings(rest, ['name', 'type', 'options', 'table']);
  if (!settings.ok) return settings;
  const given = settings.value;
  let type: number | null = null;
  if (given.type !== undefined) {
    const resolved = readType(given.type);
    if (!resolved.ok) return resolved;
    type = resolved.value.type;
  }
  let rename: string | null = null;
  if (given.name !== undefined) {
    const checked = checkName(given.name);
    if (!checked.ok) return checked;
    rename = checked.value;
  }
  const changes: SchemaFieldChanges = {
    name: rename,
    type,
    options: given.options ?? null,
    linkTable: given.table ?? null,
  };
  return ok({ kind: 'field-update', target, field: name.value, changes });
}

type Settings = { name?: string; type?: string; options?: string[]; table?: string };

/** `key=value` settings after the field (field-create, field-update); each key once. */
function readSettings(tokens: Token[], allowed: readonly (keyof Settings)[]): Step<Settings> {
  const settings: Settings = {};
  for (const token of tokens) {
    const assignment = splitAssignment(token);
    const key = assignment?.field.trim().toLowerCase() as keyof Settings | undefined;
    if (!assignment || !key || !allowed.includes(key)) {
      const keys = verbatim(allowed.map((k) => `${k}=…`).join(', '));
      return fail(message('reply.schema.not_setting', { token: show(token), allowed: keys }));
    }
    if (settings[key] !== undefined)
      return fail(message('reply.schema.setting_twice', { key: verbatim(key) }));
    if (key === 'options') {
      const [, value] = splitUnquoted(token.parts, '=', 2);
      const options = readOptions(value ?? []);
      if (!options.ok) return options;
      settings.options = options.value;
    } else {
      if (assignment.value === null || assignment.value.trim() === '')
        return fail(message('reply.schema.setting_empty', { key: verbatim(key) }));
      settings[key] = assignment.value.trim();
    }
  }
  return ok(settings);
}

/** `a,b,"c, d"`: option names, split at commas outside quotes; no empty or repeated names. */
function readOptions(parts: TokenPart[]): Step<string[]> {
  const options = splitUnquoted(parts, ',').map((piece) => joinText(piece).trim());
  if (options.length === 1 && options[0] === '') return fail(message('reply.schema.options_empty'));
  if (options.length > MAX_OPTIONS)
    return fail(message('reply.schema.too_many_options', { count: options.length, max: MAX_OPTIONS }));
  const seen = new Set<string>();
  for (const option of options) {
    if (option === '') return fail(message('reply.schema.option_empty'));
    if (seen.has(option)) return fail(message('reply.schema.option_twice', { option }));
    seen.add(option);
  }
  return ok(options);
}

function readType(word: string): Step<(typeof SCHEMA_FIELD_TYPES)[number]> {
  const entry = resolveSchemaFieldType(word);
  if (entry) return ok(entry);
  const words = SCHEMA_FIELD_TYPES.flatMap((candidate) => [candidate.name, ...candidate.aliases]);
  const suggestion = suggestClosest(word, words);
  const params = { word: word.slice(0, 40), types: verbatim(listSchemaTypeNames()) };
  if (!suggestion) return fail(message('reply.schema.unknown_type', params));
  const hint = resolveSchemaFieldType(suggestion)?.name ?? suggestion;
  return fail(message('reply.schema.unknown_type_hint', { ...params, hint: verbatim(hint) }));
}

function readName(token: Token): Step<string> {
  if (splitAssignment(token)) return fail(message('reply.schema.not_field_name', { token: show(token) }));
  return checkName(token.text);
}

function checkName(text: string): Step<string> {
  const name = text.trim();
  if (name === '') return fail(message('reply.schema.field_name_empty'));
  if (name.length > MAX_NAME) return fail(message('reply.schema.field_name_long', { max: MAX_NAME }));
  return ok(name);
}

/** Splits a token's parts at unquoted `separator`s, keeping quoted stretches whole; at most `limit` pieces. */
function splitUnquoted(
  parts: readonly TokenPart[],
  separator: string,
  limit = Number.POSITIVE_INFINITY,
): TokenPart[][] {
  const pieces: TokenPart[][] = [[]];
  for (const part of parts) {
    if (part.quoted) {
      (pieces[pieces.length - 1] as TokenPart[]).push(part);
      continue;
    }
    let text = part.text;
    let at = text.indexOf(separator);
    while (at >= 0 && pieces.length < limit) {
      (pieces[pieces.length - 1] as TokenPart[]).push({ text: text.slice(0, at), quoted: false });
      pieces.push([]);
      text = text.slice(at + separator.length);
      at = text.indexOf(separator);
    }
    (pieces[pieces.length - 1] as TokenPart[]).push({ text, quoted: false });
  }
  return pieces;
}

function joinText(parts: readonly TokenPart[]): string {
  return parts.map((part) => part.text).join('');
}

function show(token: Token): string {
  const raw = token.raw;
  return `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;
}

function ok<T>(value: T): Step<T> {
  return { ok: true, value };
}

function fail(error: Message): { ok: false; error: Message } {
  return { ok: false, error };
}
