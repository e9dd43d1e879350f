import { isJsonObject, type JsonObject, jsonObjectsIn } from './json-objects-in.js';

export { isJsonObject } from './json-objects-in.js';

/**
 * Checks a card the way Lark does before it accepts it (send, reply, patch, or a callback's raw card).
 * Only the documented rules are enforced; anything else a renderer might dislike is accepted.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-structure (docs/reference/lark-api.md §5.1)
 */
export type CardSchema = '1.0' | '2.0';

export type CardVerdict = { kind: 'ok'; schema: CardSchema } | { kind: 'refused'; reason: string };

export const CARD_LIMITS = {
  elements: 200,
  tables: 5,
  tableColumns: 50,
  pageSizeMin: 1,
  pageSizeMax: 10,
  headerTextTags: 3,
} as const;

const BUTTON_TYPES = new Set([
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
]);

const HEADER_TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);

/** The 16 languages a card may carry (configure-multi-language-content): `config.locales`, `i18n_content`. */
export const CARD_LOCALES = new Set([
  'en_us',
  'zh_cn',
  'zh_hk',
  'zh_tw',
  'ja_jp',
  'id_id',
  'vi_vn',
  'th_th',
  'pt_br',
  'es_es',
  'ko_kr',
  'de_de',
  'fr_fr',
  'it_it',
  'ru_ru',
  'ms_my',
]);

export function evaluateCard(card: unknown): CardVerdict {
  if (!isJsonObject(card)) return refused('the card must be a JSON object');
  if (card.type === 'template') return refused('template cards (type "template") are not emulated');
  if (card.schema !== undefined && card.schema !== '2.0') {
    return refused(`unknown card schema ${JSON.stringify(card.schema)}; use "2.0" or omit it for 1.0`);
  }
  const schema: CardSchema = card.schema === '2.0' ? '2.0' : '1.0';
  const header = evaluateHeader(card.header);
  if (header) return refused(header);
  const problem = schema === '2.0' ? evaluateV2(card) : evaluateV1(card);
  return problem ? refused(problem) : { kind: 'ok', schema };
}

/** The schema a stored (already accepted) card declares. */
export function cardSchemaOf(card: unknown): CardSchema {
  return isJsonObject(card) && card.schema === '2.0' ? '2.0' : '1.0';
}

function evaluateHeader(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (!isJsonObject(header)) return 'header must be an object';
  if (header.template !== undefined && !HEADER_TEMPLATES.has(String(header.template))) {
    return `header.template ${JSON.stringify(header.template)} is not a documented colour`;
  }
  const tags = header.text_tag_list;
  if (tags !== undefined) {
    if (!Array.isArray(tags)) return 'header.text_tag_list must be an array';
    if (tags.length > CARD_LIMITS.headerTextTags) {
      return `header.text_tag_list has ${tags.length} tags; at most ${CARD_LIMITS.headerTextTags} are allowed`;
    }
  }
  return undefined;
}

function evaluateV2(card: JsonObject): string | undefined {
  const config = card.config;
  if (isJsonObject(config) && config.update_multi === false) {
    return 'JSON 2.0 cards are always shared: config.update_multi:false is not allowed';
  }
  if (isJsonObject(config) && config.locales !== undefined) {
    const locales = config.locales;
    if (!Array.isArray(locales) || locales.some((locale) => !CARD_LOCALES.has(String(locale)))) {
      return `config.locales must be an array of card locales (${[...CARD_LOCALES].join(', ')})`;
    }
  }
  const i18n = evaluateI18n(card);
  if (i18n) return i18n;
  if (card.elements !== undefined) return 'JSON 2.0 cards put their components under body.elements';
  const body = card.body;
  if (!isJsonObject(body) || !Array.isArray(body.elements)) return 'a JSON 2.0 card needs body.elements';

  let components = 0;
  let tables = 0;
  for (const { node, inArray, atRoot } of walkComponents(body.elements, true)) {
    if (inArray) components++;
    if (node.tag === 'action') {
      return 'JSON 2.0 drops the "action" module: put buttons directly in elements, column sets or forms';
    }
    if (node.tag === 'table') {
      tables++;
      if (!atRoot) return 'tables must sit directly in body.elements (they cannot be nested)';
      const table = evaluateTable(node);
      if (table) return table;
    }
    const element = evaluateElement(node);
    if (element) return element;
  }
  if (components > CARD_LIMITS.elements) {
    return `the card has ${components} components; at most ${CARD_LIMITS.elements} are allowed`;
  }
  if (tables > CARD_LIMITS.tables) {
    return `the card has ${tables} tables; at most ${CARD_LIMITS.tables} are allowed`;
  }
  return undefined;
}

/**
 * Local multi-language (the only kind JSON 2.0 has: no i18n_elements/i18n_header): every `i18n_content`
 * anywhere in the card maps card locales to strings.
 */
function evaluateI18n(card: JsonObject): string | undefined {
  if (card.i18n_elements !== undefined || card.i18n_header !== undefined) {
    return 'JSON 2.0 cards have no whole-card i18n_elements/i18n_header: use i18n_content on each text';
  }
  for (const value of jsonObjectsIn(card)) {
    const i18n = value.i18n_content;
    if (i18n !== undefined) {
      if (!isJsonObject(i18n)) return 'i18n_content must be an object of locale → text';
      for (const [locale, text] of Object.entries(i18n)) {
        if (!CARD_LOCALES.has(locale)) return `i18n_content has an unknown locale ${JSON.stringify(locale)}`;
        if (typeof text !== 'string') return `i18n_content.${locale} must be a string`;
      }
    }
  }
  return undefined;
}

function evaluateV1(card: JsonObject): string | undefined {
  if (card.elements !== undefined && !Array.isArray(card.elements)) return 'elements must be an array';
  for (const { node } of walkComponents(card, false)) {
    const element = evaluateElement(node);
    if (element) return element;
  }
  return undefined;
}

function evaluateElement(node: JsonObject): string | undefined {
  if (node.tag !== 'button') return undefined;
  if (node.type !== undefined && !BUTTON_TYPES.has(String(node.type))) {
    return `button type ${JSON.stringify(node.type)} is not one of ${[...BUTTON_TYPES].join(', ')}`;
  }
  const confirm = node.confirm;
  if (
    confirm !== undefined &&
    !(isJsonObject(confirm) && isJsonObject(confirm.title) && isJsonObject(confirm.text))
  ) {
    return 'a button confirm needs both title and text';
  }
  return undefined;
}

function evaluateTable(node: JsonObject): string | undefined {
  const pageSize = node.page_size;
  if (
    pageSize !== undefined &&
    !(
      Number.isInteger(pageSize) &&
      (pageSize as number) >= CARD_LIMITS.pageSizeMin &&
      (pageSize as number) <= CARD_LIMITS.pageSizeMax
    )
  ) {
    return `table page_size must be a whole number from ${CARD_LIMITS.pageSizeMin} to ${CARD_LIMITS.pageSizeMax}`;
  }
  const columns = node.columns;
  if (columns !== undefined && !Array.isArray(columns)) return 'table columns must be an array';
  if (Array.isArray(columns) && columns.length > CARD_LIMITS.tableColumns) {
    return `the table has ${columns.length} columns; at most ${CARD_LIMITS.tableColumns} are allowed`;
  }
  return undefined;
}

type Visit = { node: JsonObject; inArray: boolean; atRoot: boolean };

/**
 * Every tagged object under `start`. A component counts towards the 200 limit when it is an item of an
 * array (elements, column-set columns, form elements …); tags nested in properties (a button's text) do not.
 * Table rows and columns are data, not components, so a table's insides are not walked.
 */
function* walkComponents(start: unknown, startIsRoot: boolean): Generator<Visit> {
  const stack: { value: unknown; inArray: boolean; atRoot: boolean }[] = [];
  if (Array.isArray(start)) {
    for (const item of start) stack.push({ value: item, inArray: true, atRoot: startIsRoot });
  } else {
    stack.push({ value: start, inArray: false, atRoot: false });
  }
  while (stack.length > 0) {
    const { value, inArray, atRoot } = stack.pop() as (typeof stack)[number];
    if (!isJsonObject(value)) continue;
    const tagged = typeof value.tag === 'string';
    if (tagged) yield { node: value, inArray, atRoot };
    if (value.tag === 'table') continue;
    for (const child of Object.values(value)) {
      if (Array.isArray(child)) {
        for (const item of child) stack.push({ value: item, inArray: true, atRoot: false });
      } else if (isJsonObject(child)) {
        stack.push({ value: child, inArray: false, atRoot: false });
      }
    }
  }
}

function refused(reason: string): CardVerdict {
  return { kind: 'refused', reason };
}
