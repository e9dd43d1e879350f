import { FIELD_TYPE_NAMES } from './cell-value.js';

/** "a number field", "an auto number field", "a URL field", "a field of type 99": for messages people read. */
export function describeFieldType(type: number): string {
  const name = FIELD_TYPE_NAMES[type];
  if (name === undefined) return `a field of type ${type}`;
  const shown = name === 'url' ? 'URL' : name;
  // "a user", "a URL": the vowel rule follows the sound, and every u-name here starts with a "you" sound.
  return `${/^[aeio]/.test(name) ? 'an' : 'a'} ${shown} field`;
}
