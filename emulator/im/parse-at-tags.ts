/** A mention in a message sent through the API, in the message object's flat shape (docs/reference/lark-api.md §3.1). */
export type MessageMention = { key: string; id: string; idType: 'open_id'; name: string };

export type KnownUser = { openId: string; userId: string; name: string };

export type ParsedAtTags = { text: string; mentions: MessageMention[] };

/**
 * An `<at …>` tag as Lark's text messages read it, leniently: the tag and attribute names in any case, any
 * spacing (`< at  user_id = x >`), the value quoted with `"` or `'` or not at all, closed by `</at>` (any
 * case or spacing) or self-closed (`<at user_id=all/>`). Reading more forms than Lark does is the safe side
 * for an emulator that tests whether the bot can be made to mention someone.
 */
const AT_TAG = /<\s*at\s+([^>]*?)\s*(?:\/\s*>|>([\s\S]*?)<\s*\/\s*at\s*>)/gi;
const ID_ATTRIBUTE =
  /\b(user_id|open_id|union_id|id|ids|email|phone)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/i;

/**
 * Turns `<at user_id="ou_x">Tom</at>` in text content sent by the app into the `@_user_N` placeholders and
 * `mentions` that Lark returns for the message; `<at user_id="all"></at>` becomes `@_all` with no entry
 * (docs/reference/lark-api.md §3.1). The id may be given as `user_id`, `open_id`, `union_id`, `id`, `ids` (several,
 * comma-separated), `email` or `phone`; it may be an open_id or a seed user's user_id, and the seed's name
 * wins over the tag's. An id the emulator does not know is still a mention (Lark would resolve it).
 */
export function parseAtTags(text: string, users: readonly KnownUser[]): ParsedAtTags {
  const mentions: MessageMention[] = [];
  const replaced = text.replace(AT_TAG, (tag, attributes: string, tagName: string | undefined) => {
    const attribute = ID_ATTRIBUTE.exec(attributes);
    if (!attribute) return tag;
    const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
    const ids = value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (ids.length === 0) return tag;
    return ids
      .map((id) => {
        if (id.toLowerCase() === 'all') return '@_all';
        const user = users.find((u) => u.openId === id || u.userId === id);
        const key = `@_user_${mentions.length + 1}`;
        mentions.push({ key, id: user?.openId ?? id, idType: 'open_id', name: user?.name ?? tagName ?? '' });
        return key;
      })
      .join(' ');
  });
  return { text: replaced, mentions };
}
