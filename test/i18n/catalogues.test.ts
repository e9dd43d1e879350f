import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { CARD_BYTE_BUDGET, cardBytes } from '../../cards/fit-card.js';
import { renderCard, textOf } from '../../emulator/ui/static/render-card.js';
import { describeAlert } from '../../src/domain/describe-alert.js';
import { LOCALES } from '../../src/domain/i18n/locale.js';
import { messagesEnUs } from '../../src/domain/i18n/messages-en-us.js';
import { CATALOGUES, translate } from '../../src/domain/i18n/translate.js';
import { makePlan, makeRequest, T0 } from '../builders/make-request.js';
import { makeAlert } from '../monitoring/make-alert.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const keys = Object.keys(messagesEnUs).sort();

describe('the message catalogues', () => {
  it.each(LOCALES)(
    '%s has exactly the English keys, each with the same placeholders, none left in English',
    (locale) => {
      const catalogue = CATALOGUES[locale] as Record<string, string>;
      expect(Object.keys(catalogue).sort()).toEqual(keys);
      for (const key of keys) {
        const english = (messagesEnUs as Record<string, string>)[key] as string;
        expect({ key, placeholders: placeholders(catalogue[key] ?? '') }).toEqual({
          key,
          placeholders: placeholders(english),
        });
        expect(catalogue[key]?.trim(), key).not.toBe('');
      }
      if (locale !== 'en_us') {
        const untranslated = keys.filter(
          (key) => catalogue[key] === (messagesEnUs as Record<string, string>)[key],
        );
        expect(untranslated).toEqual([]);
      }
    },
  );

  it('fills placeholders in every locale, with a per-locale text where given', () => {
    expect(translate('state.rolled_back', { id: 'req_1' })).toEqual({
      en_us: 'Rolled back by req_1',
      zh_cn: '已由 req_1 回滚',
      vi_vn: 'Đã hoàn tác bởi req_1',
      ja_jp: 'req_1 によりロールバック済み',
    });
  });
});

describe('cards in the reader’s language', () => {
  it('a request card shown to a vi_vn client reads in Vietnamese; field names and ids stay as in the Base', () => {
    const card = buildRequestCard({
      request: makeRequest({ state: 'pending' }),
      approvers: ['ou_bob'],
      now: T0,
    });

    expect(card.config.locales).toEqual(['en_us', 'zh_cn', 'vi_vn', 'ja_jp']);
    const vietnamese = textOf(renderCard(card, { locale: 'vi_vn' }));
    expect(vietnamese).toContain('Cần phê duyệt');
    expect(vietnamese).toContain('Phê duyệt');
    expect(vietnamese).toContain('Từ chối');
    expect(vietnamese).toContain('crm/Tasks');
    expect(vietnamese).not.toContain('Approval needed');
    const english = textOf(renderCard(card));
    expect(english).toContain('Approval needed');
    expect(textOf(renderCard(card, { locale: 'ja_jp' }))).toContain('承認待ち');
    expect(textOf(renderCard(card, { locale: 'zh_cn' }))).toContain('待审批');
  });

  it('the largest request card, in four languages, stays within Lark’s 30 KB', () => {
    const changes = Array.from({ length: 1_200 }, (_, i) => ({
      recordId: `rec${i}aa`,
      before: { Status: 'Open '.repeat(40), Notes: '备注'.repeat(200) },
      after: null,
    }));
    const card = buildRequestCard({
      request: makeRequest({ plan: makePlan({ op: 'delete', changes }) }),
      approvers: ['ou_bob', 'ou_carol'],
      now: T0,
    });

    expect(JSON.stringify(card)).toContain('Đang hiển thị');
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(cardBytes(card)).toBeLessThanOrEqual(30 * 1024);
  });
});

describe('the alert card in the on-call person’s language', () => {
  it('carries the four locales: a ja_jp client reads the frame in Japanese; the alert’s own words stay', () => {
    const alert = makeAlert();
    const built = buildAlertCard({
      alert,
      description: describeAlert(alert.key),
      now: T0,
      notify: [],
      escalateTo: [],
    });

    expect(built.config.locales).toEqual(['en_us', 'zh_cn', 'vi_vn', 'ja_jp']);
    const japanese = textOf(renderCard(built, { locale: 'ja_jp' }));
    expect(japanese).toContain('発生中');
    expect(japanese).toContain('まず確認');
    expect(textOf(renderCard(built, { locale: 'vi_vn' }))).toContain('Kiểm tra trước');
    expect(textOf(renderCard(built))).toContain('Check first');
  });
});
