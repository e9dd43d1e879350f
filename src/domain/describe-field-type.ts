import { FIELD_TYPE_NAMES } from './cell-value.js';

/** "a number field", "an auto number field", "a field of type 99": for messages people read. */
export function describeFieldType(type: number): string {
  const name = FIELD_TYPE_NAMES[type];
  if (name === undefined) return `a field of type ${type}`;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} field`;
}
