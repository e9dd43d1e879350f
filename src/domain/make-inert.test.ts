import { describe, expect, it } from 'vitest';
import { findLiveMarkup } from './find-live-markup.js';
import { makeInert } from './make-inert.js';

describe('makeInert', () => {
  it.each([
    ['<at user_id=all></at>', '‹at user_id=all›‹/at›'],
    ['<at user_id="ou_carol">Carol</at>', '‹at user_id="ou_carol"›Carol‹/at›'],
    ['[click](http://evil.example)', '［click］(http∶//evil․example)'],
    ['mail ann@corp.example', 'mail ann＠corp․example'],
    ['**bold** ~~gone~~ __x__', '∗∗bold∗∗ ∼∼gone∼∼ ＿＿x＿＿'],
    ['R&D &lt;at id=all&gt;', 'R＆D ＆lt;at id=all＆gt;'],
    ['txt.exe\u202Ecod.docx', 'txt․exe⟨U+202E⟩cod․docx'],
    ['zero\u200Bwidth', 'zero⟨U+200B⟩width'],
    ['12.50 at 10:30, Status: Done', '12.50 at 10:30, Status: Done'],
    ['line one\nline two', 'line one\nline two'],
  ])('text: %j → %j', (input, expected) => {
    expect(makeInert(input, 'text')).toBe(expected);
  });

  it.each([
    ['<at id=all></at>', '&lt;at id=all&gt;&lt;/at&gt;'],
    ['[click](http://evil.example)', '&#91;click&#93;(http∶//evil․example)'],
    ['**bold** `code` # h | t', '&#42;&#42;bold&#42;&#42; &#96;code&#96; &#35; h &#124; t'],
    ['- item\n1. first', '&#45; item\n1&#46; first'],
    ['ok :OK: done', 'ok &#58;OK: done'],
    ['\u202Eevil', '⟨U+202E⟩evil'],
  ])('card markdown: %j → %j', (input, expected) => {
    expect(makeInert(input, 'card_markdown')).toBe(expected);
  });

  it.each([
    ['Tasks <at id=all></at>', 'Tasks <at id=all></at>'],
    ['see www.evil.com', 'see www․evil․com'],
    ['\u2066x\u2069', '⟨U+2066⟩x⟨U+2069⟩'],
  ])('plain text: %j → %j', (input, expected) => {
    expect(makeInert(input, 'plain_text')).toBe(expected);
  });

  it.each(['text', 'post', 'card_markdown', 'plain_text'] as const)('leaves nothing live (%s)', (target) => {
    const hostile =
      '<at user_id=all></at> < AT Open_Id = ou_x >x</at> <at email=a@b.co></at> [x](http://evil.example) https://evil.example/p www.evil.com evil.example.com a@b.co mailto:a@b.co **b** \u202E';
    expect(findLiveMarkup(makeInert(hostile, target), target)).toEqual([]);
  });

  it.each(['text', 'post', 'plain_text'] as const)('is idempotent (%s)', (target) => {
    const once = makeInert('<at id=all> http://a.b __x__ @all \u202E', target);
    expect(makeInert(once, target)).toBe(once);
  });
});
