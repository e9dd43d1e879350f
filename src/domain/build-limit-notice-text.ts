import { type ChatText, chatTextFromMessage } from './chat-text.js';
import type { Locale } from './i18n/locale.js';
import { message } from './i18n/message.js';

/**
 * The one polite reply a requester gets when their messages go over the per-requester limit (pure), in
 * their language. It says that this message and others sent too fast are skipped without a reply each (so
 * the limit cannot be used to make the bot flood the chat), and what to do.
 */
export function buildLimitNoticeText(
  limits: { burst: number; perMinute: number; noticeEveryMs: number },
  locale: Locale = 'en_us',
): ChatText {
  const minutes = Math.max(1, Math.round(limits.noticeEveryMs / 60_000));
  return chatTextFromMessage(
    message('reply.limit_notice', { burst: limits.burst, perMinute: limits.perMinute, minutes }),
    locale,
  );
}
