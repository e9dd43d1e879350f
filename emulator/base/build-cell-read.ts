import type { BaseContext, FieldState, RecordState } from './base-state.js';
import type { UserIdType } from './convert-cell-write.js';

export type ReadStyle = {
  /** Text as segments `[{type:"text",text}]` (search, get, batch_get) or a plain string (legacy list). */
  textAsArray: boolean;
  userIdType: UserIdType;
};

export type PersonRead = { id: string; name: string; en_name: string; email: string; avatar_url: string };

/**
 * One cell in Lark's *read* shape (docs/reference/lark-api.md §2.3), or undefined when the cell is empty (Lark omits empty
 * cells). Formula and lookup values are not evaluated, so they read as empty.
 */
export function buildCellRead(
  field: FieldState,
  record: RecordState,
  context: BaseContext,
  style: ReadStyle,
): unknown {
  switch (field.type) {
    case 1001:
      return record.created_time;
    case 1002:
      return record.last_modified_time;
    case 1003:
      return [buildPersonRead(record.created_by, context, style.userIdType)];
    case 1004:
      return [buildPersonRead(record.last_modified_by, context, style.userIdType)];
    case 1005:
      return String(record.auto_number);
    case 19:
    case 20:
      return undefined;
  }
  const value = record.cells.get(field.field_id);
  if (value === undefined) return undefined;
  switch (field.type) {
    case 1:
      return style.textAsArray ? [{ type: 'text', text: value }] : value;
    case 11:
      return (value as string[]).map((id) => buildPersonRead(id, context, style.userIdType));
    case 15:
      return { ...(value as object) };
    case 17:
      return (value as Array<{ file_token: string }>).map(({ file_token }) => ({
        file_token,
        name: '',
        type: '',
        size: 0,
        url: '',
        tmp_url: '',
      }));
    case 18:
    case 21:
      return { link_record_ids: [...(value as string[])] };
    case 22:
      return {
        location: value,
        pname: '',
        cityname: '',
        adname: '',
        address: '',
        name: '',
        full_address: '',
      };
    case 23:
      return (value as string[]).map((id) => ({ id, name: context.chats.get(id) ?? '' }));
    case 4:
      return [...(value as string[])];
    default:
      return value;
  }
}

export function buildPersonRead(openId: string, context: BaseContext, idType: UserIdType): PersonRead {
  const person = context.people.get(openId);
  const id = idType === 'open_id' ? openId : (person?.[idType] ?? openId);
  const name = person?.name ?? '';
  return { id, name, en_name: name, email: '', avatar_url: '' };
}
