import { describe, expect, it } from 'vitest';
import { parseBaseRef } from './parse-base-ref.js';

describe('parseBaseRef', () => {
  it.each([
    ['NQRxbRkBMa6OnZsjtERcxhNWnNh', 'NQRxbRkBMa6OnZsjtERcxhNWnNh', null],
    ['  NQRxbRkBMa6OnZsjtERcxhNWnNh\n', 'NQRxbRkBMa6OnZsjtERcxhNWnNh', null],
    [
      'https://acme.feishu.cn/base/NQRxbRkBMa6OnZsjtERcxhNWnNh?table=tbl0xe5g8PP3U3cS&view=vewqhz51lk',
      'NQRxbRkBMa6OnZsjtERcxhNWnNh',
      'tbl0xe5g8PP3U3cS',
    ],
    ['https://acme.larksuite.com/base/NQRxbRkBMa6OnZsjtERcxhNWnNh', 'NQRxbRkBMa6OnZsjtERcxhNWnNh', null],
    [
      'https://acme.feishu.cn/bitable/NQRxbRkBMa6OnZsjtERcxhNWnNh?table=x',
      'NQRxbRkBMa6OnZsjtERcxhNWnNh',
      null,
    ],
  ])('reads %j as app_token %s, table %s', (input, appToken, tableId) => {
    expect(parseBaseRef(input)).toEqual({ kind: 'ok', appToken, tableId });
  });

  it.each([
    ['https://acme.feishu.cn/wiki/WikiNodeToken000000000000', 'a wiki link names the wiki page'],
    ['https://acme.feishu.cn/docx/DocToken00000000000000000', 'no /base/<app_token>'],
    ['not a token!', 'expected a Base link'],
    ['short', 'expected a Base link'],
  ])('refuses %j', (input, reason) => {
    const parsed = parseBaseRef(input);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.reason).toContain(reason);
  });
});
