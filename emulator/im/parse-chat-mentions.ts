/** Someone a person can @mention in the emulator's chat: a seed user or the bot. */
export type MentionTarget = { name: string; openId: string; unionId: string; userId: string };

export type ChatMention = { key: string; target: MentionTarget };

/** What Lark stores for a typed message: the text with `@_user_N` placeholders, and who they stand for. */
export type ParsedChatText = { text: string; mentions: ChatMention[] };

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Turns `@Name` in a typed message into Lark's `@_user_N` placeholders, as the Lark client does when a person
 * picks someone from the mention list (docs/reference/lark-api.md §3.2). Names may contain spaces, so the longest name that
 * matches wins ("@Ann Lee" before "@Ann"); matching ignores case; a name must end at a non-word character.
 * An `@` right after a word character (an e-mail address) is not a mention.
 */
export function parseChatMentions(text: string, targets: readonly MentionTarget[]): ParsedChatText {
  const byLength = [...targets].sort((a, b) => b.name.length - a.name.length);
  const mentions: ChatMention[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    const previous = i > 0 ? (text[i - 1] as string) : '';
    const target = char === '@' && !WORD.test(previous) ? matchAt(text, i + 1, byLength) : undefined;
    if (!target) {
      out += char;
      i++;
      continue;
    }
    const key = `@_user_${mentions.length + 1}`;
    mentions.push({ key, target });
    out += key;
    i += 1 + target.name.length;
  }
  return { text: out, mentions };
}

function matchAt(text: string, start: number, targets: readonly MentionTarget[]): MentionTarget | undefined {
  for (const target of targets) {
    const candidate = text.slice(start, start + target.name.length);
    if (candidate.toLowerCase() !== target.name.toLowerCase()) continue;
    const after = text[start + target.name.length];
    if (after === undefined || !WORD.test(after)) return target;
  }
  return undefined;
}

/** Puts the names back for people reading the chat: `@_user_1 hi` → `@Larkgate hi`. */
export function renderMentions(text: string, mentions: readonly { key: string; name: string }[]): string {
  return text.replace(/@_user_\d+/g, (key) => {
    const mention = mentions.find((m) => m.key === key);
    return mention ? `@${mention.name}` : key;
  });
}
