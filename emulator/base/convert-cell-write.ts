import type { BaseContext, BaseState, CellValue, FieldState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { READ_ONLY_TYPES } from './field-types.js';

export type UserIdType = 'open_id' | 'union_id' | 'user_id';

export type CellWrite =
  | { kind: 'set'; value: CellValue; newOptions: string[] }
  | { kind: 'clear' }
  | { kind: 'error'; error: BitableError };

const MAX_TEXT = 100_000;
const PHONE = /^\+?\d*$/;

/**
 * Converts one cell from Lark's write shape (docs/reference/lark-api.md §2.3) to the stored shape, or names the documented
 * `…FieldConvFail` code. `null` clears. Unknown single/multi select options are reported in `newOptions`
 * (the caller adds them to the field only when the whole request succeeds).
 */
export function convertCellWrite(
  field: FieldState,
  value: unknown,
  env: { base: BaseState; context: BaseContext; userIdType: UserIdType },
): CellWrite {
  if (READ_ONLY_TYPES.has(field.type)) {
    return fail({ ...BITABLE_ERRORS.WrongRequestBody, msg: `field ${field.field_name} is read-only` });
  }
  if (value === null) return { kind: 'clear' };
  switch (field.type) {
    case 1:
      if (typeof value !== 'string') return fail(BITABLE_ERRORS.TextFieldConvFail);
      if (value.length > MAX_TEXT) return fail(BITABLE_ERRORS.TooLargeCell);
      return set(value);
    case 2:
      return typeof value === 'number' && Number.isFinite(value)
        ? set(value)
        : fail(BITABLE_ERRORS.NumberFieldConvFail);
    case 3:
      if (typeof value !== 'string' || value === '') return fail(BITABLE_ERRORS.SingleSelectFieldConvFail);
      return set(value, missingOptions(field, [value]));
    case 4: {
      if (!isStringArray(value) || value.length > 1000 || value.some((name) => name === '')) {
        return fail(BITABLE_ERRORS.MultiSelectFieldConvFail);
      }
      const names = [...new Set(value)];
      return set(names, missingOptions(field, names));
    }
    case 5:
      return typeof value === 'number' && Number.isInteger(value)
        ? set(value)
        : fail(BITABLE_ERRORS.DatetimeFieldConvFail);
    case 7:
      return typeof value === 'boolean' ? set(value) : fail(BITABLE_ERRORS.CheckboxFieldConvFail);
    case 11: {
      const ids = idObjects(value, 1000);
      if (!ids) return fail(BITABLE_ERRORS.UserFieldConvFail);
      // Lark resolves each id as a person of the tenant in `user_id_type`; the 1254066 page names an id of
      // another type or another app's open_id as causes. Here: an id no seed user (or the bot) has.
      const openIds: string[] = [];
      for (const id of ids) {
        const openId = toOpenId(id, env.userIdType, env.context);
        if (openId === undefined) {
          const { msg } = BITABLE_ERRORS.UserFieldConvFail;
          return fail({
            ...BITABLE_ERRORS.UserFieldConvFail,
            msg: `${msg}: no user with ${env.userIdType} ${id}`,
          });
        }
        openIds.push(openId);
      }
      return set(openIds);
    }
    case 13:
      return typeof value === 'string' && value.length <= 64 && PHONE.test(value)
        ? set(value)
        : fail(BITABLE_ERRORS.PhoneFieldConvFail);
    case 15: {
      if (!isObject(value) || typeof value.link !== 'string' || value.link === '') {
        return fail(BITABLE_ERRORS.URLFieldConvFail);
      }
      if (value.text !== undefined && typeof value.text !== 'string')
        return fail(BITABLE_ERRORS.URLFieldConvFail);
      return set({ text: value.text ?? value.link, link: value.link });
    }
    case 17: {
      if (!Array.isArray(value) || value.length > 100) return fail(BITABLE_ERRORS.AttachFieldConvFail);
      const tokens = value.map((item) => (isObject(item) ? item.file_token : undefined));
      if (!tokens.every((token): token is string => typeof token === 'string' && token !== '')) {
        return fail(BITABLE_ERRORS.AttachFieldConvFail);
      }
      return set(tokens.map((file_token) => ({ file_token })));
    }
    case 18:
    case 21: {
      const error =
        field.type === 18 ? BITABLE_ERRORS.LinkFieldConvFail : BITABLE_ERRORS.DuplexLinkFieldConvFail;
      if (!isStringArray(value) || value.length > 500) return fail(error);
      const linkedId = typeof field.property?.table_id === 'string' ? field.property.table_id : undefined;
      const linked = env.base.tables.find((table) => table.table_id === linkedId);
      // The linked table may have been deleted since the field was made: then no record id can be linked.
      if (!linked && value.length > 0) {
        return fail({ ...error, msg: `${error.msg}: the linked table ${linkedId ?? ''} no longer exists` });
      }
      if (linked && !value.every((id) => linked.records.has(id))) return fail(error);
      return set([...new Set(value)]);
    }
    case 22:
      return typeof value === 'string' && /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(value)
        ? set(value)
        : fail(BITABLE_ERRORS.WrongRequestBody);
    case 23: {
      const ids = idObjects(value, 10);
      return ids ? set(ids) : fail(BITABLE_ERRORS.WrongRequestBody);
    }
    default:
      return set(value);
  }
}

function set(value: CellValue, newOptions: string[] = []): CellWrite {
  return { kind: 'set', value, newOptions };
}

function fail(error: BitableError): CellWrite {
  return { kind: 'error', error };
}

function missingOptions(field: FieldState, names: string[]): string[] {
  const options = selectOptions(field);
  return names.filter((name) => !options.some((option) => option.name === name));
}

export function selectOptions(field: FieldState): Array<{ id?: string; name: string; color?: number }> {
  const options = field.property?.options;
  return Array.isArray(options) ? (options as Array<{ id?: string; name: string; color?: number }>) : [];
}

function idObjects(value: unknown, max: number): string[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.id !== 'string' || item.id === '') return undefined;
    if (Object.keys(item).some((key) => key !== 'id')) return undefined;
    ids.push(item.id);
  }
  return [...new Set(ids)];
}

/** The open_id of the person with this id of `idType`; undefined when nobody has it. */
function toOpenId(id: string, idType: UserIdType, context: BaseContext): string | undefined {
  if (idType === 'open_id') return context.people.has(id) ? id : undefined;
  for (const person of context.people.values()) if (person[idType] === id) return person.open_id;
  return undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
