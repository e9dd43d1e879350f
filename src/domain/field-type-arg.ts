import { FIELD_TYPE_NAMES } from './cell-value.js';
import { type MessageArg, verbatim } from './i18n/message.js';

/**
 * A field's type as a message parameter: Lark's own name for it ("number", "URL", "auto number"; the
 * same in every language), and whether English says "an" before it (the catalogue has an `_an` key).
 */
export function fieldTypeArg(type: number): { type: MessageArg; an: boolean } {
  const name = FIELD_TYPE_NAMES[type];
  if (name === undefined) return { type: verbatim(`type ${type}`), an: false };
  // "a user", "a URL": the vowel rule follows the sound, and every u-name here starts with a "you" sound.
  return { type: verbatim(name === 'url' ? 'URL' : name), an: /^[aeio]/.test(name) };
}
