import { type ChatText, chatTextFromLarkgate } from './chat-text.js';

/**
 * The one polite reply a requester gets when their messages go over the per-requester limit (pure). It
 * says that this message and others sent too fast are skipped without a reply each (so the limit cannot be
 * used to make the bot flood the chat), and what to do.
 */
export function buildLimitNoticeText(limits: {
  burst: number;
  perMinute: number;
  noticeEveryMs: number;
}): ChatText {
  const minutes = Math.max(1, Math.round(limits.noticeEveryMs / 60_000));
  return chatTextFromLarkgate(
    `You have sent more requests than I take from one person at once (${limits.burst} at once, then ` +
      `${limits.perMinute} a minute), so I skipped this message. For the next ${minutes} min I skip ` +
      'messages over that limit without replying to each. Wait for the answers to your earlier requests, ' +
      'then send again anything that got no answer.',
  );
}
