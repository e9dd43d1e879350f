const ENTITIES: Record<string, string> = {
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
};

/**
 * Makes text from a Base or from chat safe inside card markdown: no `<at id=all>` mentions, links,
 * tags or formatting can be smuggled in through a cell value.
 */
export function escapeLarkMd(text: string): string {
  return text.replace(/[&<>[\]*_~`#|]/g, (char) => ENTITIES[char] ?? char);
}

/** A mention of one user, after checking it really is an open_id. */
export function mentionUser(openId: string): string {
  return /^ou_[A-Za-z0-9_]+$/.test(openId) ? `<at id=${openId}></at>` : escapeLarkMd(openId);
}
