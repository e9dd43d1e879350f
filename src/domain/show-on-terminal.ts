import { makeInert } from './make-inert.js';

/**
 * Text from Lark (chat, Base, table and field names: anyone can set them) as one terminal line: control
 * characters, escape sequences and bidi overrides shown by name, links broken, newlines and tabs as spaces.
 */
export function showOnTerminal(text: string): string {
  return makeInert(text, 'plain_text').replace(/[\n\t]/g, ' ');
}
