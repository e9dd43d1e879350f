import { describe, expect, it } from 'vitest';
import { inEnglish } from './i18n/message.js';
import { tokenizeCommand } from './tokenize-command.js';

function texts(input: string): string[] {
  const result = tokenizeCommand(input);
  if (!result.ok) throw new Error(inEnglish(result.error));
  return result.tokens.map((token) => token.text);
}

describe('tokenizeCommand', () => {
  it.each<[string, string[]]>([
    ['a b  c', ['a', 'b', 'c']],
    ['a\nb\tc\u00a0d\u3000e\u200bf', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['"a b" c', ['a b', 'c']],
    ['x="a b"', ['x=a b']],
    ['"Due Date"=2026', ['Due Date=2026']],
    ['“smart quotes” „low‟ ＂full＂', ['smart quotes', 'low', 'full']],
    ['"mixed” pair', ['mixed', 'pair']],
    ['"a \\" b"', ['a " b']],
    ['"a \\\\ b"', ['a \\ b']],
    ['"a \\n b"', ['a \\n b']],
    ['"a \\“ b"', ['a “ b']],
    ['back\\slash', ['back\\slash']],
    ['""', ['']],
    ['a""b', ['ab']],
    ['   ', []],
  ])('%j → %j', (input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('keeps which stretches were quoted, and the raw token for messages', () => {
    const result = tokenizeCommand(' Status="In = progress" next');
    expect(result).toEqual({
      ok: true,
      tokens: [
        {
          parts: [
            { text: 'Status=', quoted: false },
            { text: 'In = progress', quoted: true },
          ],
          text: 'Status=In = progress',
          raw: 'Status="In = progress"',
        },
        { parts: [{ text: 'next', quoted: false }], text: 'next', raw: 'next' },
      ],
    });
  });

  it('refuses an unterminated quote, showing where it starts', () => {
    const result = tokenizeCommand('a "b c d e f g h i j k l m n o p q r s t');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(inEnglish(result.error)).toBe(
        'The quote that starts at "b c d e f g h i j k l m… is never closed. Add the closing ", or write \\" for a quote inside a quoted value.',
      );
  });

  it('treats an escaped closing quote as text, so the quote stays open', () => {
    expect(tokenizeCommand('x="abc\\"').ok).toBe(false);
  });
});
