import { QUOTE_CHARACTERS } from './tokenize-command.js';

const NEEDS_ESCAPE = new RegExp(`[\\\\${QUOTE_CHARACTERS.join('')}]`, 'gu');

/**
 * `text` in double quotes, escaped so that parseCommand reads back exactly `text` (spaces, `=`, quotes and
 * backslashes included). For replies that show a command to copy, e.g. `update crm/Tasks recX "Due Date"=…`.
 */
export function quoteChatText(text: string): string {
  return `"${text.replace(NEEDS_ESCAPE, (char) => `\\${char}`)}"`;
}
