/**
 * The field types schema commands accept, by the friendly names people type in chat, with Lark's type
 * numbers (docs/reference/lark-api.md §2.3). `options`: a select kind, whose options are given as `a,b,c`. `link`: a
 * one-way link to records of another table of the same base, named with `table=`. Types Lark computes
 * (formula, lookup, auto number …) and two-way links (which change the other table too) are not offered.
 */
export type SchemaFieldType = {
  name: string;
  aliases: readonly string[];
  type: number;
  options: boolean;
  link: boolean;
  /** Lark allows it as a table's first (primary) field. */
  primary: boolean;
};

export const SCHEMA_FIELD_TYPES: readonly SchemaFieldType[] = [
  { name: 'text', aliases: ['string', 'str'], type: 1, options: false, link: false, primary: true },
  { name: 'number', aliases: ['num', 'int', 'decimal'], type: 2, options: false, link: false, primary: true },
  {
    name: 'select',
    aliases: ['single-select', 'single_select', 'singleselect', 'option'],
    type: 3,
    options: true,
    link: false,
    primary: false,
  },
  {
    name: 'multi-select',
    aliases: ['multi_select', 'multiselect', 'tags'],
    type: 4,
    options: true,
    link: false,
    primary: false,
  },
  {
    name: 'date',
    aliases: ['datetime', 'date-time', 'time'],
    type: 5,
    options: false,
    link: false,
    primary: true,
  },
  {
    name: 'checkbox',
    aliases: ['bool', 'boolean', 'check'],
    type: 7,
    options: false,
    link: false,
    primary: false,
  },
  {
    name: 'user',
    aliases: ['person', 'people', 'users'],
    type: 11,
    options: false,
    link: false,
    primary: false,
  },
  { name: 'phone', aliases: ['tel', 'telephone'], type: 13, options: false, link: false, primary: true },
  { name: 'url', aliases: ['web', 'hyperlink'], type: 15, options: false, link: false, primary: true },
  {
    name: 'link',
    aliases: ['record-link', 'records', 'relation'],
    type: 18,
    options: false,
    link: true,
    primary: false,
  },
];

/** The type a chat word names (name or alias, any case); undefined when none does. */
export function resolveSchemaFieldType(word: string): SchemaFieldType | undefined {
  const key = word.normalize('NFKC').trim().toLowerCase();
  return SCHEMA_FIELD_TYPES.find((entry) => entry.name === key || entry.aliases.includes(key));
}

/** The friendly name of a Lark type number, as schema commands write it; `type 20` for the others. */
export function schemaTypeName(type: number): string {
  return SCHEMA_FIELD_TYPES.find((entry) => entry.type === type)?.name ?? `type ${type}`;
}

/** `text, number, select, …`: for help and error messages. */
export function listSchemaTypeNames(): string {
  return SCHEMA_FIELD_TYPES.map((entry) => entry.name).join(', ');
}
