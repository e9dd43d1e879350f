import type { LarkCall } from './expect-lark-ok.js';
import { incompleteAnswer } from './incomplete-answer.js';

/** The next page's token, or undefined at the end; `has_more` without a token is an incomplete answer. */
export function nextPage(
  data: { has_more?: boolean; page_token?: string } | undefined,
  call: LarkCall,
): string | undefined {
  if (data?.has_more !== true) return undefined;
  if (!data.page_token) throw incompleteAnswer(call, 'has_more without a page_token');
  return data.page_token;
}
