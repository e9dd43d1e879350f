import { findField, type RecordState, type TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { cellFilterValue, type FilterKind, filterKindOf, isEmptyValue } from './cell-filter-value.js';
import { UNFILTERABLE_TYPES } from './field-types.js';

export type RecordPredicate = (record: RecordState) => boolean;
type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };

const OPERATORS = [
  'is',
  'isNot',
  'contains',
  'doesNotContain',
  'isEmpty',
  'isNotEmpty',
  'isGreater',
  'isGreaterEqual',
  'isLess',
  'isLessEqual',
] as const;
type Operator = (typeof OPERATORS)[number];

const ALLOWED: Record<FilterKind, readonly Operator[]> = {
  text: ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  number: ['is', 'isNot', 'isGreater', 'isGreaterEqual', 'isLess', 'isLessEqual', 'isEmpty', 'isNotEmpty'],
  select: ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  multi: ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  ids: ['is', 'isNot', 'contains', 'doesNotContain', 'isEmpty', 'isNotEmpty'],
  date: ['is', 'isEmpty', 'isNotEmpty', 'isGreater', 'isLess'],
  checkbox: ['is'],
  presence: ['isEmpty', 'isNotEmpty'],
};

const DAY_MS = 86_400_000;
const MAX_CONDITIONS = 50;
const MAX_VALUES = 10;

export type FilterEnv = { now: number; utcOffsetMs: number };

/**
 * Parses a search `filter` (docs/reference/lark-api.md §2.2) into a predicate: `conjunction` and/or over `conditions` and
 * one level of `children` groups; the ten documented operators with string-array values; date rules
 * `ExactDate`/`Today`/`Tomorrow`/`Yesterday` at day granularity in the Base's time zone. `like` and `in`
 * are "not supported yet" and refused, as is anything malformed (1254018 InvalidFilter).
 */
export function parseSearchFilter(
  filter: unknown,
  table: TableState,
  env: FilterEnv,
): Parsed<RecordPredicate> {
  if (filter === undefined || filter === null) return ok(() => true);
  return parseGroup(filter, table, env, true);
}

function parseGroup(
  group: unknown,
  table: TableState,
  env: FilterEnv,
  allowChildren: boolean,
): Parsed<RecordPredicate> {
  if (!isObject(group)) return invalid('filter must be an object');
  const conjunction = group.conjunction ?? 'and';
  if (conjunction !== 'and' && conjunction !== 'or') return invalid('conjunction must be "and" or "or"');
  const parts: RecordPredicate[] = [];

  const conditions = group.conditions ?? [];
  if (!Array.isArray(conditions) || conditions.length > MAX_CONDITIONS) {
    return invalid(`conditions must be an array of at most ${MAX_CONDITIONS}`);
  }
  for (const condition of conditions) {
    const parsed = parseCondition(condition, table, env);
    if (parsed.kind === 'error') return parsed;
    parts.push(parsed.value);
  }

  if (group.children !== undefined && group.children !== null) {
    if (!allowChildren) return invalid('children may nest one level only');
    if (!Array.isArray(group.children)) return invalid('children must be an array');
    for (const child of group.children) {
      const parsed = parseGroup(child, table, env, false);
      if (parsed.kind === 'error') return parsed;
      parts.push(parsed.value);
    }
  }

  if (conjunction === 'and') return ok((record) => parts.every((part) => part(record)));
  return ok((record) => parts.length === 0 || parts.some((part) => part(record)));
}

function parseCondition(condition: unknown, table: TableState, env: FilterEnv): Parsed<RecordPredicate> {
  if (!isObject(condition)) return invalid('each condition must be an object');
  const { field_name: name, operator, value } = condition;
  if (typeof name !== 'string') return invalid('condition.field_name must be a string');
  const field = findField(table, name);
  if (!field)
    return {
      kind: 'error',
      error: { ...BITABLE_ERRORS.FieldNameNotFound, msg: `FieldNameNotFound: ${name}` },
    };
  if (operator === 'like' || operator === 'in') return invalid(`operator ${operator} is not supported yet`);
  if (!OPERATORS.includes(operator as Operator)) return invalid(`unknown operator ${String(operator)}`);
  if (UNFILTERABLE_TYPES.has(field.type))
    return invalid(`field ${name} (formula or lookup) can not be filtered`);
  const kind = filterKindOf(field.type);
  const op = operator as Operator;
  if (!ALLOWED[kind].includes(op)) return invalid(`operator ${op} does not apply to field ${name}`);
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string') ||
    value.length > MAX_VALUES
  ) {
    return invalid(`condition.value must be an array of at most ${MAX_VALUES} strings`);
  }
  const values = value as string[];
  const read = (record: RecordState) => cellFilterValue(field, record);

  if (op === 'isEmpty') return ok((record) => isEmptyValue(read(record)));
  if (op === 'isNotEmpty') return ok((record) => !isEmptyValue(read(record)));
  if (values.length === 0) return invalid(`operator ${op} needs a value`);

  switch (kind) {
    case 'text':
      return ok(textPredicate(op, values, read));
    case 'number': {
      const target = Number(values[0]);
      if (!Number.isFinite(target)) return invalid(`${values[0]} is not a number`);
      return ok((record) => compareNumber(op, read(record), target));
    }
    case 'select':
      return ok(
        setPredicate(op, values, (record) => {
          const cell = read(record);
          return typeof cell === 'string' ? [cell] : [];
        }),
      );
    case 'multi':
    case 'ids':
      return ok(setPredicate(op, values, (record) => (read(record) as string[] | undefined) ?? []));
    case 'checkbox': {
      if (values[0] !== 'true' && values[0] !== 'false')
        return invalid('checkbox values are "true" or "false"');
      const want = values[0] === 'true';
      return ok((record) => (read(record) === true) === want);
    }
    case 'date': {
      const day = parseDateRule(values, env);
      if (day === undefined)
        return invalid('date values are ["ExactDate","<ms>"], ["Today"], ["Tomorrow"], ["Yesterday"]');
      return ok((record) => {
        const cell = read(record);
        if (typeof cell !== 'number') return false;
        if (op === 'is') return cell >= day && cell < day + DAY_MS;
        if (op === 'isGreater') return cell >= day + DAY_MS;
        return cell < day;
      });
    }
    default:
      return invalid(`operator ${op} does not apply to field ${name}`);
  }
}

function textPredicate(
  op: Operator,
  values: string[],
  read: (record: RecordState) => unknown,
): RecordPredicate {
  const text = (record: RecordState) => {
    const cell = read(record);
    return typeof cell === 'string' ? cell : '';
  };
  const first = values[0] ?? '';
  switch (op) {
    case 'is':
      return (record) => text(record) === first;
    case 'isNot':
      return (record) => text(record) !== first;
    case 'contains':
      return (record) => values.some((value) => text(record).toLowerCase().includes(value.toLowerCase()));
    default:
      return (record) => !values.some((value) => text(record).toLowerCase().includes(value.toLowerCase()));
  }
}

function setPredicate(
  op: Operator,
  values: string[],
  read: (record: RecordState) => string[],
): RecordPredicate {
  const wanted = new Set(values);
  const same = (cell: string[]) => cell.length === wanted.size && cell.every((item) => wanted.has(item));
  const overlaps = (cell: string[]) => cell.some((item) => wanted.has(item));
  switch (op) {
    case 'is':
      return (record) => same(read(record));
    case 'isNot':
      return (record) => !same(read(record));
    case 'contains':
      return (record) => overlaps(read(record));
    default:
      return (record) => !overlaps(read(record));
  }
}

function compareNumber(op: Operator, cell: unknown, target: number): boolean {
  if (typeof cell !== 'number') return op === 'isNot';
  switch (op) {
    case 'is':
      return cell === target;
    case 'isNot':
      return cell !== target;
    case 'isGreater':
      return cell > target;
    case 'isGreaterEqual':
      return cell >= target;
    case 'isLess':
      return cell < target;
    default:
      return cell <= target;
  }
}

/** Start of the day the rule names, in clock milliseconds. */
function parseDateRule(values: string[], env: FilterEnv): number | undefined {
  const [rule, argument] = values;
  const startOfDay = (ms: number) => Math.floor((ms + env.utcOffsetMs) / DAY_MS) * DAY_MS - env.utcOffsetMs;
  switch (rule) {
    case 'ExactDate': {
      const ms = Number(argument);
      return argument !== undefined && Number.isFinite(ms) ? startOfDay(ms) : undefined;
    }
    case 'Today':
      return startOfDay(env.now);
    case 'Tomorrow':
      return startOfDay(env.now) + DAY_MS;
    case 'Yesterday':
      return startOfDay(env.now) - DAY_MS;
    default:
      return undefined;
  }
}

function ok(predicate: RecordPredicate): Parsed<RecordPredicate> {
  return { kind: 'ok', value: predicate };
}

function invalid(detail: string): Parsed<RecordPredicate> {
  return { kind: 'error', error: { ...BITABLE_ERRORS.InvalidFilter, msg: `InvalidFilter: ${detail}` } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
