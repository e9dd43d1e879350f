/**
 * Lark's card markdown subset (docs/reference/lark-api.md §5) to view nodes: plain data that chat.js turns into DOM with
 * `textContent` only, so nothing in a message or a Base value can become HTML, a link or a mention here.
 *
 * Read, as the Lark client reads it: HTML entities (`&lt;`, `&#91;` — what escapeLarkMd writes) and `\X`
 * escapes are literal characters, never syntax; `<at id=…></at>` is a mention; `<font color=…>` a colour;
 * `<br>` a break; `**bold**`, `*italic*`, `~~strike~~`, `` `code` ``, `[label](url)` (shown as text with the
 * address beside it, not clickable); `#` headings and `-`/`1.` list items at a line's start. Any other `<…>`
 * is shown as the text it is.
 *
 * A view node: `{ tag, cls?, text?, title?, children? }`, `tag` one of span, strong, em, s, code, div, br.
 */

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const FONT_COLOURS = new Set([
  'red',
  'green',
  'blue',
  'grey',
  'gray',
  'orange',
  'yellow',
  'purple',
  'violet',
]);

/**
 * @param {string} source card markdown
 * @param {{ nameOf?: (openId: string) => string | undefined }} [options]
 */
export function renderMarkdown(source, options = {}) {
  const nameOf = options.nameOf ?? (() => undefined);
  const lines = String(source).split('\n');
  return lines.map((line) => renderLine(line, nameOf));
}

function renderLine(line, nameOf) {
  const heading = /^(#{1,6}) (.*)$/.exec(line);
  if (heading) {
    return { tag: 'div', cls: `md-h md-h${heading[1].length}`, children: renderInline(heading[2], nameOf) };
  }
  const bullet = /^(\s*)[-*] (.*)$/.exec(line);
  if (bullet) return { tag: 'div', cls: 'md-li', text: '• ', children: renderInline(bullet[2], nameOf) };
  const ordered = /^(\s*)(\d+)\. (.*)$/.exec(line);
  if (ordered) {
    return { tag: 'div', cls: 'md-li', text: `${ordered[2]}. `, children: renderInline(ordered[3], nameOf) };
  }
  if (line.trim() === '') return { tag: 'div', cls: 'md-blank' };
  return { tag: 'div', cls: 'md-p', children: renderInline(line, nameOf) };
}

/** Inline markup to nodes. Delimited spans are parsed recursively; text accumulates into plain spans. */
export function renderInline(text, nameOf = () => undefined) {
  const nodes = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') nodes.push({ tag: 'span', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i];
    if (ch === '&') {
      const entity = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/.exec(rest);
      const decoded = entity ? decodeEntity(entity[1]) : undefined;
      if (entity && decoded !== undefined) {
        plain += decoded;
        i += entity[0].length;
        continue;
      }
    }
    if (ch === '\\' && i + 1 < text.length) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '<') {
      const at = /^<at\s+(?:id|open_id|user_id|email)\s*=\s*["']?([^"'\s>]+)["']?\s*>(.*?)<\/at>/i.exec(rest);
      if (at) {
        flush();
        const id = at[1];
        const name = id === 'all' ? 'all' : (nameOf(id) ?? (at[2] || id));
        nodes.push({ tag: 'span', cls: 'mention', text: `@${name}`, title: id });
        i += at[0].length;
        continue;
      }
      const font = /^<font\s+color\s*=\s*["']?([a-z-]+)["']?\s*>(.*?)<\/font>/i.exec(rest);
      if (font) {
        flush();
        const colour = FONT_COLOURS.has(font[1].toLowerCase()) ? font[1].toLowerCase() : 'default';
        nodes.push({ tag: 'span', cls: `font-${colour}`, children: renderInline(font[2], nameOf) });
        i += font[0].length;
        continue;
      }
      const br = /^<br\s*\/?>/i.exec(rest);
      if (br) {
        flush();
        nodes.push({ tag: 'br' });
        i += br[0].length;
        continue;
      }
    }
    const span = matchDelimited(rest);
    if (span) {
      flush();
      nodes.push(
        span.tag === 'code'
          ? { tag: 'code', text: span.inner }
          : { tag: span.tag, children: renderInline(span.inner, nameOf) },
      );
      i += span.length;
      continue;
    }
    if (ch === '[') {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest);
      if (link) {
        flush();
        nodes.push({
          tag: 'span',
          cls: 'md-link',
          title: link[2],
          children: [...renderInline(link[1], nameOf), { tag: 'span', cls: 'md-url', text: ` (${link[2]})` }],
        });
        i += link[0].length;
        continue;
      }
    }
    plain += ch;
    i += 1;
  }
  flush();
  return nodes;
}

const DELIMITERS = [
  { open: '**', tag: 'strong' },
  { open: '~~', tag: 's' },
  { open: '`', tag: 'code' },
  { open: '*', tag: 'em' },
];

function matchDelimited(rest) {
  for (const { open, tag } of DELIMITERS) {
    if (!rest.startsWith(open)) continue;
    const close = rest.indexOf(open, open.length);
    if (close <= open.length) continue;
    const inner = rest.slice(open.length, close);
    if (inner.includes('\n') || inner.trim() !== inner) continue;
    return { tag, inner, length: close + open.length };
  }
  return undefined;
}

function decodeEntity(body) {
  if (body.startsWith('#x')) return codePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return codePoint(Number.parseInt(body.slice(1), 10));
  return NAMED_ENTITIES[body];
}

function codePoint(value) {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : undefined;
}
