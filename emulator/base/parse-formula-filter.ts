import { findField, type RecordState, type TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { cellFilterValue } from './cell-filter-value.js';
import type { RecordPredicate } from './parse-search-filter.js';

type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };
type Token = { kind: 'name' | 'field' | 'string' | 'number' | 'op' | 'punct'; text: string };
type Evaluate = (record: RecordState) => unknown;

/**
 * The legacy list's `filter` formula, a minimal subset: `AND(…)`, `OR(…)`, `NOT(…)`, comparisons
 * `= != > < >= <=` between `CurrentValue.[Field]` and "text", numbers or `TRUE()`/`FALSE()`, and
 * `CurrentValue.[Field].contains("text")`. An empty cell equals "". Anything else is 1254018 InvalidFilter.
 */
export function parseFormulaFilter(formula: string | undefined, table: TableState): Parsed<RecordPredicate> {
  if (formula === undefined || formula.trim() === '') return { kind: 'ok', value: () => true };
  try {
    const tokens = tokenize(formula);
    const parser = createParser(tokens, table);
    const evaluate = parser.expression();
    if (!parser.done()) throw new FormulaError('unexpected text after the expression');
    return { kind: 'ok', value: (record) => truthy(evaluate(record)) };
  } catch (error) {
    if (error instanceof FormulaError) {
      return { kind: 'error', error: error.fieldName ? notFound(error.fieldName) : invalid(error.message) };
    }
    throw error;
  }
}

class FormulaError extends Error {
  constructor(
    message: string,
    readonly fieldName?: string,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new FormulaError('unclosed [');
      tokens.push({ kind: 'field', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (char === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new FormulaError('unclosed string');
      tokens.push({ kind: 'string', text: value });
      i++;
    } else if (/[0-9-]/.test(char)) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!match) throw new FormulaError(`unexpected ${char}`);
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'name', text: match[0] });
      i += match[0].length;
    } else {
      const op = /^(!=|<>|>=|<=|=|>|<)/.exec(text.slice(i));
      if (op) {
        tokens.push({ kind: 'op', text: op[0] === '<>' ? '!=' : op[0] });
        i += op[0].length;
      } else if ('(),.'.includes(char)) {
        tokens.push({ kind: 'punct', text: char });
        i++;
      } else {
        throw new FormulaError(`unexpected ${char}`);
      }
    }
  }
  return tokens;
}

function createParser(tokens: Token[], table: TableState) {
  let position = 0;
  const peek = () => tokens[position];
  const take = (kind?: Token['kind'], text?: string): Token => {
    const token = tokens[position];
    if (!token || (kind && token.kind !== kind) || (text !== undefined && token.text !== text)) {
      throw new FormulaError(`expected ${text ?? kind ?? 'more'} at token ${position + 1}`);
    }
    position++;
    return token;
  };
  const isPunct = (text: string) => peek()?.kind === 'punct' && peek()?.text === text;

  function expression(): Evaluate {
    const left = operand();
    const op = peek();
    if (op?.kind !== 'op') return left;
    position++;
    const right = operand();
    return (record) => compare(op.text, left(record), right(record));
  }

  function operand(): Evaluate {
    const token = take();
    if (token.kind === 'string') return () => token.text;
    if (token.kind === 'number') return () => Number(token.text);
    if (token.kind !== 'name') throw new FormulaError(`unexpected ${token.text}`);
    const name = token.text.toUpperCase();
    if (name === 'CURRENTVALUE') return fieldReference();
    if (name === 'TRUE' || name === 'FALSE') {
      if (isPunct('(')) {
        take('punct', '(');
        take('punct', ')');
      }
      return () => name === 'TRUE';
    }
    if (name === 'AND' || name === 'OR' || name === 'NOT') {
      take('punct', '(');
      const args = [expression()];
      while (isPunct(',')) {
        take('punct', ',');
        args.push(expression());
      }
      take('punct', ')');
      if (name === 'NOT') {
        if (args.length !== 1) throw new FormulaError('NOT takes one argument');
        const [only] = args as [Evaluate];
        return (record) => !truthy(only(record));
      }
      return name === 'AND'
        ? (record) => args.every((arg) => truthy(arg(record)))
        : (record) => args.some((arg) => truthy(arg(record)));
    }
    throw new FormulaError(`unsupported function ${token.text}`);
  }

  function fieldReference(): Evaluate {
    take('punct', '.');
    const name = take('field').text;
    const field = findField(table, name);
    if (!field) throw new FormulaError(`no field ${name}`, name);
    const read: Evaluate = (record) => {
      const value = cellFilterValue(field, record);
      if (field.type === 7) return value === true;
      return value ?? '';
    };
    if (!isPunct('.')) return read;
    take('punct', '.');
    const method = take('name').text;
    if (method.toLowerCase() !== 'contains') throw new FormulaError(`unsupported method ${method}`);
    take('punct', '(');
    const needle = operand();
    take('punct', ')');
    return (record) => {
      const value = read(record);
      const wanted = needle(record);
      return Array.isArray(value) ? value.includes(wanted) : String(value).includes(String(wanted));
    };
  }

  return { expression, done: () => position === tokens.length };
}

function compare(op: string, left: unknown, right: unknown): boolean {
  if (op === '=' || op === '!=') {
    const equal = Array.isArray(left)
      ? (right === '' && left.length === 0) || left.includes(right)
      : typeof left === 'number' && typeof right === 'string'
        ? right !== '' && left === Number(right)
        : left === right;
    return op === '=' ? equal : !equal;
  }
  const a = Number(left);
  const b = Number(right);
  if (left === '' || right === '' || Number.isNaN(a) || Number.isNaN(b)) return false;
  if (op === '>') return a > b;
  if (op === '<') return a < b;
  if (op === '>=') return a >= b;
  return a <= b;
}

function truthy(value: unknown): boolean {
  return (
    value === true ||
    (typeof value === 'number' && value !== 0) ||
    (typeof value === 'string' && value !== '')
  );
}

function invalid(detail: string): BitableError {
  return { ...BITABLE_ERRORS.InvalidFilter, msg: `InvalidFilter: ${detail}` };
}

function notFound(name: string): BitableError {
  return { ...BITABLE_ERRORS.FieldNameNotFound, msg: `FieldNameNotFound: ${name}` };
}
