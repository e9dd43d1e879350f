import type { Assignment } from './command.js';
import type { Token } from './tokenize-command.js';

/**
 * `Field=value` → `{ field, value }`, splitting at the first `=` outside quotes, so quoted field names and
 * values may hold `=`. An empty value (`Field=` or `Field=""`) is null: clear the field. Null when the token
 * has no unquoted `=`. The field may come back empty (`=value`); the caller says what is wrong with that.
 */
export function splitAssignment(token: Token): Assignment | null {
  for (let index = 0; index < token.parts.length; index++) {
    const part = token.parts[index];
    if (!part || part.quoted) continue;
    const equals = part.text.indexOf('=');
    if (equals < 0) continue;
    const before = token.parts.slice(0, index).map((p) => p.text);
    const after = token.parts.slice(index + 1).map((p) => p.text);
    const field = before.join('') + part.text.slice(0, equals);
    const value = part.text.slice(equals + 1) + after.join('');
    return { field, value: value === '' ? null : value };
  }
  return null;
}
