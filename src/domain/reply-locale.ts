import type { Locale } from './i18n/locale.js';
import type { Policy } from './policy.js';

/** The language a text reply to `sender` goes out in: theirs if configured, else the chats', else en_us. */
export function replyLocale(policy: Pick<Policy, 'locale' | 'userLocales'>, sender: string): Locale {
  return policy.userLocales?.[sender] ?? policy.locale ?? 'en_us';
}
