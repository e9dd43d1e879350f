import { makeInert } from '../src/domain/make-inert.js';

/**
 * Makes text from a Base or from chat inert inside card markdown (`markdown`, `lark_md`): no
 * `<at id=all>` mention, link (written or auto-linked), tag, formatting or invisible control can be
 * smuggled in through a cell value or a name (src/domain/make-inert.ts, target `card_markdown`).
 */
export function escapeLarkMd(text: string): string {
  return makeInert(text, 'card_markdown');
}

/** A mention of one user, after checking it really is an open_id. */
export function mentionUser(openId: string): string {
  return /^ou_[A-Za-z0-9_]+$/.test(openId) ? `<at id=${openId}></at>` : escapeLarkMd(openId);
}
