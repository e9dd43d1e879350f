import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLiveMarkup } from '../../src/domain/find-live-markup.js';
import { type Harness, startHarness } from './demo-harness.js';

/**
 * The demo (real bot, worker, Redis and the Lark emulator) with `chats.locale: vi_vn` and Carol reading
 * Chinese (`chats.user_locales`): refusals and errors come back in the reader's language, command words,
 * base aliases and ids as they are, and what the asker typed stays inert.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    drill: false,
    replyLocales: { locale: 'vi_vn', user_locales: { ou_carol: 'zh_cn' } },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function replyTo(text: string, from = 'ou_alice'): Promise<string> {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.textReplyTo('oc_requests', asked.message_id);
}

describe('text replies in the chat’s language (e2e)', () => {
  it('a guard refusal reads in Vietnamese, the base aliases as they are', async () => {
    expect(await replyTo('update nowhere/Tasks recTask0001 Status=Done')).toBe(
      'Bị từ chối: không có base "nowhere" trong chính sách (hiện có: crm, billing, sandbox)',
    );
  }, 60_000);

  it('a parse error reads in Vietnamese with the usage line, and a hostile echo stays inert', async () => {
    const text = await replyTo('update crm/Tasks [click](http://evil.example)');

    expect(text).toContain('không phải record id');
    expect(text).toContain('\nCách dùng: update <base>/<table> <record_id> <Field>=<value> [...]');
    expect(text).not.toContain('[click](http://evil.example)');
    const [error] = text.split('\n');
    expect(findLiveMarkup(error ?? '', 'text')).toEqual([]);
  }, 60_000);

  it('Carol reads her own language (zh_cn) in the same chat', async () => {
    expect(await replyTo('status req_abcdefghijkl', 'ou_carol')).toBe('没有请求 req_abcdefghijkl。');
  }, 60_000);
});
