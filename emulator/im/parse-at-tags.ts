/** A mention in a message sent through the API, in the message object's flat shape (lark-api.md §3.1). */
export type MessageMention = { key: string; id: string; idType: 'open_id'; name: string };

export type KnownUser = { openId: string; userId: string; name: string };

export type ParsedAtTags = { text: string; mentions: MessageMention[] };

const AT_TAG = /<at\s+(?:user_id|open_id|id)\s*=\s*["']?([^"'>\s]+)["']?\s*>([^<]*)<\/at>/g;

/**
 * Turns `<at user_id="ou_x">Tom</at>` in text content sent by the app into the `@_user_N` placeholders and
 * `mentions` that Lark returns for the message; `<at user_id="all"></at>` becomes `@_all` with no entry
 * (lark-api.md §3.1). An id may be an open_id or a seed user's user_id; the seed's name wins over the tag's.
 */
export function parseAtTags(text: string, users: readonly KnownUser[]): ParsedAtTags {
  const mentions: MessageMention[] = [];
  const replaced = text.replace(AT_TAG, (_tag, id: string, tagName: string) => {
    if (id === 'all') return '@_all';
    const user = users.find((u) => u.openId === id || u.userId === id);
    const key = `@_user_${mentions.length + 1}`;
    mentions.push({ key, id: user?.openId ?? id, idType: 'open_id', name: user?.name ?? tagName });
    return key;
  });
  return { text: replaced, mentions };
}
