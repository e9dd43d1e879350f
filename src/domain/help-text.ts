import { COMMAND_VERBS, type VerbSpec } from './command-verbs.js';
import type { Locale } from './i18n/locale.js';
import type { MessageKey } from './i18n/messages-en-us.js';
import { CATALOGUES } from './i18n/translate.js';
import { makeInert } from './make-inert.js';
import { resolveVerb } from './resolve-verb.js';
import { SCHEMA_FIELD_TYPES } from './schema-field-types.js';

/** A base as help lists it: its alias in policy, the tables Larkgate may touch, its delivery stage. */
export type HelpBase = { alias: string; tables: readonly string[]; stage?: string };

/** What each delivery stage lets people do, in the words help uses (docs/product.md §4). */
const STAGE_MEANING: Record<string, string> = {
  'dry-run': 'diff cards only, nothing runs',
  'read-only': 'reads only',
  limited: 'writes for listed people and ops only',
  live: 'reads and approved writes',
};

const TABLES_SHOWN = 12;
const VALUE_TOPICS = new Set(['values', 'value', 'fields', 'field', 'types', 'quotes', 'quoting', 'syntax']);
const BASE_TOPICS = new Set(['bases', 'base', 'tables', 'table']);
const SCHEMA_TOPICS = new Set(['schema', 'sandbox', 'field-types', 'temp', 'temp-tables']);

const SCHEMA_LINES = [
  'Schema changes (table-create, table-delete, field-create, field-update, field-delete):',
  '• Only on a staging base (the sandbox), and only on tables whose name starts with its temp prefix, like tmp_trial. Temp tables need no listing in policy.',
  '• Each shows a preview card and needs approval. The schema, and the data a delete or a type change destroys, is backed up first; rollback <request_id> undoes it.',
  `• Field types: ${SCHEMA_FIELD_TYPES.map((entry) => (entry.aliases[0] ? `${entry.name} (or ${entry.aliases[0]})` : entry.name)).join(', ')}.`,
  '• Select options: Stage:select=Open,Done in table-create, options=Open,Done in field-create and field-update. Links name a table of the same base: Parent:link=tmp_other, or table=tmp_other.',
];

const VALUE_LINES = [
  'Values:',
  '• Quote values or field names with spaces: Title="Call ACME", "Due Date"=2026-12-01. Inside quotes write \\" for a quote and \\\\ for a backslash.',
  '• Field= or Field="" clears the field.',
  '• Numbers: 42, -3, 12.5 (no thousands separators).',
  '• Dates: 2026-12-01 (midnight UTC) or with a time and zone: 2026-12-01T09:30+08:00, 2026-12-01T01:30Z.',
  '• Checkboxes: yes/no (also true/false, 1/0, on/off, ✓/✗).',
  '• Single select: an existing option (case does not matter). Multi select: options separated by commas: Tags=Urgent,Sales. New options are added in Lark, not from chat.',
  '• People: @mention them; several: Owner=@Bob,@Alice.',
  '• Links to records: record ids separated by commas. Web links: https://… or text|https://….',
  '• Formula, lookup, created/modified and auto-number fields are computed by Lark and cannot be set.',
];

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
  if (VALUE_TOPICS.has(key)) return VALUE_LINES.join('\n');
  if (BASE_TOPICS.has(key)) return baseLines(bases).join('\n');
  if (SCHEMA_TOPICS.has(key)) return SCHEMA_LINES.join('\n');
  const spec = resolveVerb(key);
  if (spec) return verbDetail(spec);
  // The topic is the asker's text, echoed into a text message: inert (no mention, no link).
  return [
    `I have no help on "${makeInert(topic?.trim().slice(0, 40) ?? '', 'text')}".`,
    '',
    overview(bases, locale),
  ].join('\n');
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
  if (bases.length > 0) lines.push('', ...baseLines(bases));
  lines.push('', say('help.details'));
  return lines.join('\n');
}

function verbDetail(spec: VerbSpec): string {
  const lines = [`${spec.usage}`, `${capitalise(spec.summary)}.`];
  lines.push(...spec.notes);
  lines.push('Examples:', ...spec.examples.map((example) => `  ${example}`));
  if (spec.aliases.length > 0) lines.push(`Also: ${spec.aliases.join(', ')}.`);
  if (spec.kind !== 'help' && spec.usage.includes('<value>')) lines.push('Value syntax: help values.');
  return lines.join('\n');
}

function baseLines(bases: readonly HelpBase[]): string[] {
  if (bases.length === 0) return ['No bases are configured yet.'];
  const lines = ['Bases and tables (write them as <base>/<table>):'];
  for (const base of bases) {
    const shown = base.tables.slice(0, TABLES_SHOWN).join(', ');
    const more = base.tables.length > TABLES_SHOWN ? ` (+${base.tables.length - TABLES_SHOWN} more)` : '';
    const stage = base.stage ? ` (${base.stage}: ${STAGE_MEANING[base.stage] ?? base.stage})` : '';
    lines.push(`• ${base.alias}${stage}: ${base.tables.length === 0 ? 'no tables listed' : shown + more}`);
  }
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
