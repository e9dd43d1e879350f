/**
 * Where a piece of text is shown. Each place parses different markup, so each has its own neutraliser:
 * - `text`: an IM text message. Lark turns `<at user_id=…>`, `<at id=…>`, `<at open_id=…>`,
 *   `<at email=…>` (any case, spacing or quoting) into real mentions, `<at user_id="all">` into @all,
 *   renders `[label](url)` links and `**bold**`/`~~strike~~`/`<b>` styles, and the clients link bare URLs,
 *   domains and e-mail addresses (docs/reference/lark-api.md §3.1; Lark's "Send message content" page, text section).
 * - `post`: a text run of a post (rich text) message; treated as strictly as `text`.
 * - `card_markdown`: a card's `markdown` / `lark_md` (docs/reference/lark-api.md §5): `<at id=…>`, `<font>`, `<link>`,
 *   `[label](url)`, emphasis, headings, lists, tables, code, emoji shortcodes, and auto-linked URLs.
 * - `plain_text`: a card's `plain_text` (header, buttons, `text` table columns): no markup, but clients
 *   may still link a URL, so links are broken there too.
 */
export type InertTarget = 'text' | 'post' | 'card_markdown' | 'plain_text';

/**
 * Makes text that did not come from Larkgate (chat input, Base values, table and field names) inert where
 * it is shown: no mention, no link, no markup, and no invisible control obeyed. What the reader sees stays
 * close to the original: look-alike characters replace the few that would be syntax (`<at` → `‹at`,
 * `@` → `＠`, `http://a.b` → `http∶//a․b`), and invisible controls are shown by name (`⟨U+202E⟩`).
 * For text, post and plain text it is idempotent, so text neutralised twice reads the same.
 */
export function makeInert(text: string, target: InertTarget): string {
  const visible = breakLinks(showInvisible(text));
  if (target === 'plain_text') return visible;
  if (target === 'card_markdown') return escapeMarkdown(visible);
  return visible.replace(TEXT_SYNTAX, (char) => TEXT_LOOKALIKES[char] ?? char);
}

/**
 * Bidi overrides and isolates (U+202A–202E, U+2066–2069), marks, zero-width characters, other format
 * characters (Unicode Cf, which includes the invisible tag characters), line and paragraph separators, and
 * control characters except newline and tab: shown as `⟨U+XXXX⟩` so a value cannot reorder or hide what
 * the reader sees (a file name that reads `exe.txt` but is `txt.exe`).
 */
const INVISIBLE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/**
 * Breaks what a client would link: a scheme's colon (after a letter with something following, or before
 * `//`: `http:`, `mailto:`, `s3://`) becomes `∶` (U+2236), and a dot right after a visible character and
 * before a letter (a domain: `evil.example`, `www.x.com`, `a-.co`) becomes `․` (U+2024). Decimals (`3.14`)
 * and times (`10:30`) are left as they are. Full-width and ideographic dots count as dots, since some
 * linkers accept them.
 */
function breakLinks(text: string): string {
  return text.replace(/(?<=\p{L}):(?=[^\s:])|:(?=\/\/)/gu, '∶').replace(/(?<=\S)[.。．｡](?=\p{L})/gu, '․');
}

/**
 * In a text message or post: what could open a tag, a mention, a link label or a style (text messages have
 * bold, italic, underline, strikethrough and links, not code spans, so a backtick stays).
 */
const TEXT_LOOKALIKES: Record<string, string> = {
  '<': '‹',
  '>': '›',
  '@': '＠',
  '&': '＆',
  '[': '［',
  ']': '］',
  '*': '∗',
  '~': '∼',
  _: '＿',
};
const TEXT_SYNTAX = /[<>@&[\]*~]|_(?=_)|(?<=_)_/g;

/**
 * In card markdown, characters are written as HTML entities, which Lark shows as the character and never
 * reads as syntax: tags and mentions (`<`), links and images (`[`, `]`), emphasis (`*`, `_`, `~`), code
 * (`` ` ``), headings (`#`), tables (`|`), quotes (`>`), backslash escapes, an emoji shortcode's opening
 * colon (`:OK:`), and a list marker at a line's start.
 */
const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '#': '&#35;',
  '|': '&#124;',
  ':': '&#58;',
  '\\': '&#92;',
  '-': '&#45;',
  '+': '&#43;',
};

function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>[\]*_~`#|\\]|:(?=\p{L})/gu, (char) => MARKDOWN_ENTITIES[char] ?? char)
    .replace(/^([ \t]*)(?:([-+])|(\d+)\.)/gm, (_all, indent: string, sign?: string, digits?: string) =>
      sign ? `${indent}${MARKDOWN_ENTITIES[sign]}` : `${indent}${digits}&#46;`,
    );
}
