import { COMMAND_VERBS, type VerbSpec } from './command-verbs.js';
import type { Locale } from './i18n/locale.js';
import { message, renderMessage, verbatim } from './i18n/message.js';
import type { MessageKey } from './i18n/messages-en-us.js';
import { CATALOGUES } from './i18n/translate.js';
import { makeInert } from './make-inert.js';
import { resolveVerb } from './resolve-verb.js';
import { SCHEMA_FIELD_TYPES } from './schema-field-types.js';

/** A base as help lists it: its alias in policy, the tables Larkgate may touch, its delivery stage. */
export type HelpBase = { alias: string; tables: readonly string[]; stage?: string };

/** What each delivery stage lets people do, in the words help uses (docs/product.md §4). */
const STAGES = new Set(['dry-run', 'read-only', 'limited', 'live']);

const TABLES_SHOWN = 12;
const VALUE_TOPICS = new Set(['values', 'value', 'fields', 'field', 'types', 'quotes', 'quoting', 'syntax']);
const BASE_TOPICS = new Set(['bases', 'base', 'tables', 'table']);
const SCHEMA_TOPICS = new Set(['schema', 'sandbox', 'field-types', 'temp', 'temp-tables']);

/** Field types as help lists them: each with its first alias (`multi-select (or multi_select)`). */
const TYPE_NAMES = SCHEMA_FIELD_TYPES.map((entry) =>
  entry.aliases[0] ? { name: entry.name, alias: entry.aliases[0] } : { name: entry.name },
);

/** Verbs whose `help <verb>` has notes in the catalogue (`reply.help.notes.<verb>`). */
const VERBS_WITH_NOTES = new Set(
  COMMAND_VERBS.filter((spec) => spec.notes.length > 0).map((spec) => spec.verb),
);

/**
 * What the bot replies to `help`: a concise reference of every verb with an example, or the details of
 * one verb (by name or alias), the value syntax (`help values`) or the bases and tables (`help bases`).
 * An unknown topic gets the full reference with a note.
 */
export function buildHelpText(
  topic: string | null,
  bases: readonly HelpBase[] = [],
  /** The reader's language (`locale:` in config): the overview is in it; command words never change. */
  locale: Locale = 'en_us',
): string {
  const key = topic?.trim().toLowerCase().replace(/\s+/g, '-') ?? '';
  if (key === '') return overview(bases, locale);
  const say = sayIn(locale);
  if (VALUE_TOPICS.has(key)) return say('reply.help.values');
  if (BASE_TOPICS.has(key)) return baseLines(bases, locale).join('\n');
  if (SCHEMA_TOPICS.has(key)) {
    const types = TYPE_NAMES.map((type) =>
      type.alias ? say('reply.help.type_alias', type) : type.name,
    ).join(', ');
    return say('reply.help.schema', { types });
  }
  const spec = resolveVerb(key);
  if (spec) return verbDetail(spec, locale);
  // The topic is the asker's text, echoed into a text message: inert (no mention, no link).
  return [
    say('reply.help.unknown_topic', { topic: makeInert(topic?.trim().slice(0, 40) ?? '', 'text') }),
    '',
    overview(bases, locale),
  ].join('\n');
}

/** Larkgate's own words in `locale`; the parameters are config names, command words or already inert. */
function sayIn(locale: Locale) {
  return (key: MessageKey, params: Readonly<Record<string, string | number>> = {}) =>
    renderMessage(
      message(key, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, verbatim(String(v))]))),
      locale,
    );
}

function overview(bases: readonly HelpBase[], locale: Locale): string {
  const say = (key: MessageKey) => CATALOGUES[locale][key];
  const lines = [say('help.title')];
  for (const spec of COMMAND_VERBS) {
    const summary = CATALOGUES[locale][`help.summary.${spec.verb}` as MessageKey] ?? spec.summary;
    lines.push(`• ${spec.usage} — ${summary}`, `    ${say('help.example')} ${spec.examples[0] ?? spec.verb}`);
  }
  lines.push('', say('help.also'));
  for (const spec of COMMAND_VERBS) {
    if (spec.aliases.length > 0) lines.push(`  ${spec.aliases.join(', ')} → ${spec.verb}`);
  }
  lines.push('', say('help.quote'), say('help.writes'));
  if (bases.length > 0) lines.push('', ...baseLines(bases, locale));
  lines.push('', say('help.details'));
  return lines.join('\n');
}

function verbDetail(spec: VerbSpec, locale: Locale): string {
  const say = sayIn(locale);
  const summary = CATALOGUES[locale][`help.summary.${spec.verb}` as MessageKey] ?? spec.summary;
  const lines = [`${spec.usage}`, say('reply.help.sentence', { text: capitalise(summary) })];
  if (VERBS_WITH_NOTES.has(spec.verb)) lines.push(say(`reply.help.notes.${spec.verb}` as MessageKey));
  lines.push(say('reply.help.examples'), ...spec.examples.map((example) => `  ${example}`));
  if (spec.aliases.length > 0) lines.push(say('reply.help.aliases', { aliases: spec.aliases.join(', ') }));
  if (spec.kind !== 'help' && spec.usage.includes('<value>')) lines.push(say('reply.help.value_syntax'));
  return lines.join('\n');
}

function baseLines(bases: readonly HelpBase[], locale: Locale): string[] {
  const say = sayIn(locale);
  if (bases.length === 0) return [say('reply.help.no_bases')];
  const lines = [say('reply.help.bases_title')];
  for (const base of bases) {
    const shown = base.tables.slice(0, TABLES_SHOWN).join(', ');
    const more =
      base.tables.length > TABLES_SHOWN
        ? ` ${say('reply.help.more_tables', { count: base.tables.length - TABLES_SHOWN })}`
        : '';
    const meaning =
      base.stage && STAGES.has(base.stage) ? say(`reply.help.stage.${base.stage}` as MessageKey) : base.stage;
    const stage = base.stage ? ` (${base.stage}: ${meaning})` : '';
    const tables = base.tables.length === 0 ? say('reply.help.no_tables') : shown + more;
    lines.push(`• ${base.alias}${stage}: ${tables}`);
  }
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
