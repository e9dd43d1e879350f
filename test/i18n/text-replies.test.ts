import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { handleChatMessage } from '../../jobs/handle-chat-message.js';
import type { IncomingMessage } from '../../jobs/queue-names.js';
import { matchTable } from '../../src/app/requests/create-table-resolver.js';
import type { RequestsDeps } from '../../src/app/requests/requests-deps.js';
import { buildIntakeFailureText } from '../../src/domain/build-intake-failure-text.js';
import { buildLimitNoticeText } from '../../src/domain/build-limit-notice-text.js';
import { findLiveMarkup } from '../../src/domain/find-live-markup.js';
import { decide } from '../../src/domain/guard.js';
import type { Locale } from '../../src/domain/i18n/locale.js';
import { CATALOGUES } from '../../src/domain/i18n/translate.js';
import type { BasePolicy } from '../../src/domain/policy.js';
import { makeBase, makePolicy } from '../builders/make-policy.js';
import { T0 } from '../builders/make-request.js';
import { createFakeAudit } from '../fakes/fake-audit.js';
import { createFakeBase } from '../fakes/fake-base.js';
import { createFakeChat } from '../fakes/fake-chat.js';
import { createFakeRequestStore } from '../fakes/fake-request-store.js';

const HOSTILE = '<at user_id="all"></at>[x](http://evil.example)';

/**
 * The chat intake (handleChatMessage) over in-memory ports: a requests chat whose `locale` is given, and
 * ou_zed reading Chinese (`user_locales`). Returns the text of the one reply.
 */
async function replyTo(
  text: string | null,
  options: { locale?: Locale; sender?: string; base?: Partial<BasePolicy> } = {},
): Promise<string> {
  const base = createFakeBase();
  base.addTable('tblTasks', 'Tasks', [
    { fieldId: 'fldTitle', name: 'Title', type: 1, isPrimary: true, property: null },
    { fieldId: 'fldStatus', name: 'Status', type: 1, isPrimary: false, property: null },
    { fieldId: 'fldPoints', name: 'Points', type: 2, isPrimary: false, property: null },
  ]);
  const { chat, sent } = createFakeChat();
  const policy = makePolicy([makeBase({ tier: 'L0', ...options.base })], {
    ...(options.locale ? { locale: options.locale } : {}),
    userLocales: { ou_zed: 'zh_cn' },
  });
  const deps: RequestsDeps = {
    policy: () => policy,
    decide,
    audit: createFakeAudit().audit,
    clock: () => T0,
    logger: pino({ level: 'silent' }),
    reader: base.ports,
    chat,
    people: { findUnknown: async () => [] },
    requests: createFakeRequestStore().requests,
    resolveTable: async (app, nameOrId) => matchTable(await base.ports.listTables(app), nameOrId),
    searchMax: 20,
    readBackup: null,
  };
  const message: IncomingMessage = {
    eventId: 'ev_1',
    messageId: 'om_1',
    chatId: 'oc_requests',
    chatType: 'group',
    senderOpenId: options.sender ?? 'ou_alice',
    text,
    mentionedBot: true,
    createTimeMs: T0,
  };
  await handleChatMessage(message, deps);
  const replies = sent.filter((item) => item.kind === 'reply');
  expect(replies).toHaveLength(1);
  const reply = replies[0];
  if (reply?.kind !== 'reply') throw new Error('no text reply');
  return reply.text;
}

const vi = { locale: 'vi_vn' as const };

describe('text replies in the language configured for the chat (chats.locale: vi_vn)', () => {
  it('a parse error: Vietnamese words, the usage line and command words as they are', async () => {
    const text = await replyTo('update crm/Tasks', vi);

    expect(text).toBe(
      'update cần record id sau bảng, ví dụ recAbc123.\nCách dùng: update <base>/<table> <record_id> <Field>=<value> [...]',
    );
  });

  it('an unknown command: Vietnamese, its hostile echo inert', async () => {
    const text = await replyTo(`${HOSTILE} now`, vi);

    expect(text).toContain('Tôi không biết lệnh');
    expect(text).toContain('Gửi help để xem danh sách lệnh.');
    expect(findLiveMarkup(text, 'text')).toEqual([]);
    expect(text).not.toContain('<at');
  });

  it('a command that is not text', async () => {
    expect(await replyTo(null, vi)).toBe('Tôi chỉ đọc lệnh dạng văn bản. Gửi "help" để xem danh sách lệnh.');
  });

  it('an unknown base (a guard refusal): Vietnamese, the base aliases as they are', async () => {
    const text = await replyTo('get nope/Tasks recAbc123', vi);

    expect(text).toBe('Bị từ chối: không có base "nope" trong chính sách (hiện có: crm)');
  });

  it('an unknown table, record and field', async () => {
    expect(await replyTo('get crm/Tasks recAbc123', vi)).toBe('Không có bản ghi recAbc123 trong crm/Tasks.');
    expect(await replyTo('get crm/Deals recAbc123', vi)).toBe(
      'Bị từ chối: bảng "Deals" không được phép trên crm (được phép: Tasks)',
    );
    const hostileField = await replyTo(`search crm/Tasks "${HOSTILE}"=1`, vi);
    expect(hostileField).toMatch(/^crm\/Tasks không có trường "/);
    expect(findLiveMarkup(hostileField, 'text')).toEqual([]);
  });

  it('a write naming unknown fields: one line per problem, each in Vietnamese, hostile names inert', async () => {
    const text = await replyTo(`update crm/Tasks recAbc123 Stauts=Done "${HOSTILE}"=1`, vi);

    const [first, second] = text.split('\n');
    expect(first).toBe('crm/Tasks không có trường "Stauts" (có phải ý bạn là "Status"?).');
    expect(second).toMatch(/^crm\/Tasks không có trường "/);
    expect(findLiveMarkup(text, 'text')).toEqual([]);
  });

  it('a value that does not convert: what the field expects, in Vietnamese', async () => {
    expect(await replyTo('update crm/Tasks recAbc123 Points=1,000', vi)).toBe(
      'Points là trường số: hãy viết 1,000 không có dấu phân cách hàng nghìn: 1000.',
    );
  });

  it('a write to a record that is not there', async () => {
    expect(await replyTo('update crm/Tasks recAbc123 Status=Done', vi)).toBe(
      'Không có bản ghi recAbc123 trong crm/Tasks.',
    );
  });

  it('a permission refusal: not on the base’s list of requesters', async () => {
    const text = await replyTo('update crm/Tasks recAbc123 Status=Done', {
      ...vi,
      base: { requesters: ['ou_bob'] },
    });

    expect(text).toBe('Bị từ chối: bạn không có trong danh sách người được yêu cầu của crm');
  });

  it('an unknown request for status and rollback', async () => {
    expect(await replyTo('status req_abcdefghijkl', vi)).toBe('Không có yêu cầu req_abcdefghijkl.');
    expect(await replyTo('rollback req_abcdefghijkl', vi)).toBe('Không có yêu cầu req_abcdefghijkl.');
  });

  it('help values, help schema and help <command>: Vietnamese, command words and syntax untouched', async () => {
    const values = await replyTo('help values', vi);
    expect(values).toMatch(/^Giá trị:/);
    expect(values).toContain('Title="Call ACME", "Due Date"=2026-12-01');
    expect(values).toContain('Owner=@Bob,@Alice');

    const schema = await replyTo('help schema', vi);
    expect(schema).toMatch(/^Thay đổi cấu trúc bảng \(table-create, table-delete/);
    expect(schema).toContain('multi-select (hoặc multi_select)');

    const update = await replyTo('help update', vi);
    expect(update.split('\n')).toEqual([
      'update <base>/<table> <record_id> <Field>=<value> [...]',
      'Công dụng: Sửa các trường của một bản ghi (cần phê duyệt).',
      'Chỉ các trường bạn nêu mới thay đổi. Field= (hoặc Field="") để xóa trống một trường.',
      'Ví dụ:',
      '  update crm/Tasks recAbc123 Status=Done',
      '  update crm/Tasks recAbc123 "Due Date"= Notes="Moved, see thread"',
      'Cũng có thể dùng: set, edit, change.',
      'Cách viết giá trị: help values.',
    ]);
  });

  it('help on an unknown topic echoes it inert, in Vietnamese', async () => {
    const text = await replyTo(`help ${HOSTILE}`, vi);

    // The echo line is inert; the overview after it keeps Larkgate's own <base>/<table> placeholders.
    const [echo] = text.split('\n');
    expect(echo).toMatch(/^Tôi không có hướng dẫn nào về "/);
    expect(findLiveMarkup(echo ?? '', 'text')).toEqual([]);
    expect(text).not.toContain('<at');
  });
});

describe('a person’s own language (chats.user_locales) over an English chat', () => {
  it('ou_zed reads Chinese; everyone else in the chat reads English', async () => {
    expect(await replyTo('get nope/Tasks recAbc123', { sender: 'ou_zed' })).toBe(
      '已拒绝：策略中没有 base "nope"（已有：crm）',
    );
    expect(await replyTo('get nope/Tasks recAbc123')).toBe('Refused: no base "nope" in policy (known: crm)');
  });

  it('a parse error for ou_zed: Chinese around the command words', async () => {
    const text = await replyTo('delete crm/Tasks Status=Done', { sender: 'ou_zed' });

    expect(text).toBe(
      'delete 接受 record id，而不是 "Status=Done"；要删除满足条件的记录，请用 batch-delete crm/Tasks Status=Done。\n用法：delete <base>/<table> <record_id> [<record_id> ...]',
    );
  });

  it('help for ou_zed: a command’s notes and examples in Chinese', async () => {
    const text = await replyTo('help get', { sender: 'ou_zed' });

    expect(text.split('\n')).toEqual([
      'get <base>/<table> <record_id>',
      '查看一条记录。',
      '读取无需审批。',
      '示例：',
      '  get crm/Tasks recAbc123',
      '也可以用：show, view, read。',
    ]);
  });
});

describe('the rate-limit notice and the gave-up answer', () => {
  it('are said in the requester’s language', () => {
    expect(buildLimitNoticeText({ burst: 20, perMinute: 10, noticeEveryMs: 300_000 }, 'vi_vn').text).toMatch(
      /^Bạn đã gửi nhiều yêu cầu hơn mức tôi nhận từ một người cùng lúc \(20 yêu cầu một lúc, sau đó 10 yêu cầu mỗi phút\)/,
    );
    expect(buildIntakeFailureText({ cause: 'base_unavailable', attempts: 5 }, 'ja_jp').text).toBe(
      '申し訳ありません。このリクエストを処理できませんでした：Lark Base が応答しませんでした（5 回試して断念）。何も変更していません。数分後にもう一度送ってください。それでも失敗する場合は Larkgate の当番に連絡してください。',
    );
  });

  it('keep a hostile rollback id inert', () => {
    const text = buildIntakeFailureText(
      { cause: 'internal', attempts: 1, rollbackOf: HOSTILE },
      'zh_cn',
    ).text;

    expect(text).toMatch(/^抱歉，我无法准备 /);
    expect(findLiveMarkup(text, 'text')).toEqual([]);
  });
});

describe('the reply catalogues themselves', () => {
  /**
   * Larkgate's own words a client might take for a link, kept readable on purpose: config keys and file
   * names (not real domains) and help's `https://…` pattern. Anything else would be a live link or markup
   * in every reply that uses the text (e.g. a Chinese or Japanese full stop right before a Latin word reads
   * as a domain: `。record`).
   */
  const OWN_WORDS = new Set([
    'backup.private',
    'backup.created',
    'lark-api-limits.yaml',
    'https://…',
    'https://….',
    'https://…。',
  ]);

  it.each(Object.keys(CATALOGUES) as Locale[])(
    '%s: no reply text carries a link or markup of its own',
    (locale) => {
      const found: string[] = [];
      for (const [key, text] of Object.entries(CATALOGUES[locale])) {
        if (!key.startsWith('reply.')) continue;
        const filled = text.replace(/\{\w+\}/g, 'x');
        for (const markup of findLiveMarkup(filled, 'text')) {
          // <base>, <table>, <Field>…: the usage placeholders Lark shows as text.
          if (/^<[A-Za-z_ ]+>$/.test(markup.text) || OWN_WORDS.has(markup.text)) continue;
          found.push(`${key}: ${markup.text}`);
        }
      }
      expect(found).toEqual([]);
    },
  );
});
