import type { BotAnswer } from '../events/post-to-bot.js';
import type { StoredMessage } from './create-im-store.js';
import { isJsonObject } from './evaluate-card.js';
import { evaluateCardReplacement } from './evaluate-card-update.js';

/**
 * What the Lark client makes of the bot's answer to a card click (docs/reference/lark-api.md §5.3). `error` carries the
 * client-side code the user would see; `card` is the replacement card to apply, if any.
 */
export type CallbackVerdict = {
  /** The answer body parsed as JSON, or the raw text when it is not JSON, or null when there was none. */
  body: unknown;
  error: string | undefined;
  toast: unknown;
  card: unknown;
};

const TOAST_TYPES = new Set(['info', 'success', 'error', 'warning']);

export function evaluateCallbackAnswer(
  answer: BotAnswer,
  message: StoredMessage,
  timeoutMs: number,
): CallbackVerdict {
  const none = { toast: undefined, card: undefined };
  if (answer.failure === 'timeout') {
    return { body: null, error: `200341 no response within ${timeoutMs} ms`, ...none };
  }
  if (answer.failure !== undefined) {
    return { body: null, error: `200342 could not reach the card callback URL: ${answer.error}`, ...none };
  }
  const text = answer.body.trim();
  let body: unknown = null;
  let parsed = true;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = answer.body;
      parsed = false;
    }
  }
  if (answer.status !== 200) {
    return { body, error: `200671 the card callback answered HTTP ${answer.status}, not 200`, ...none };
  }
  // An empty 200 is what the node-sdk adapters send when a handler returns nothing: no change.
  if (text.length === 0) return { body, error: undefined, ...none };
  if (!parsed || !isJsonObject(body)) {
    return { body, error: '200672 the card callback answer is not a JSON object', ...none };
  }
  const toast = body.toast;
  if (toast !== undefined && !(isJsonObject(toast) && TOAST_TYPES.has(String(toast.type)))) {
    return { body, error: '200672 toast must be {type: info|success|error|warning, content}', ...none };
  }
  const card = body.card;
  if (card === undefined) return { body, error: undefined, toast, card: undefined };
  if (!isJsonObject(card) || (card.type !== 'raw' && card.type !== 'template')) {
    return { body, error: '200672 card must be {type:"raw", data} or {type:"template", data}', ...none };
  }
  if (card.type === 'template') {
    return { body, error: '200673 template cards are not emulated', toast, card: undefined };
  }
  const verdict = evaluateCardReplacement(message, card.data);
  if (verdict.kind === 'refused') {
    const code = verdict.code === 200830 ? 200830 : 200673;
    return { body, error: `${code} ${verdict.msg}`, toast, card: undefined };
  }
  return { body, error: undefined, toast, card: card.data };
}
