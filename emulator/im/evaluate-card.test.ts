import { describe, expect, it } from 'vitest';
import { evaluateCard } from './evaluate-card.js';

function card(
  overrides: Record<string, unknown> = {},
  elements: unknown[] = [{ tag: 'markdown', content: 'hi' }],
) {
  return { schema: '2.0', config: { update_multi: true }, body: { elements }, ...overrides };
}

const button = (extra: Record<string, unknown> = {}) => ({
  tag: 'button',
  text: { tag: 'plain_text', content: 'Go' },
  behaviors: [{ type: 'callback', value: { a: 1 } }],
  ...extra,
});

const table = (extra: Record<string, unknown> = {}) => ({
  tag: 'table',
  page_size: 5,
  columns: [{ name: 'f', display_name: 'Field', data_type: 'text' }],
  rows: [{ f: 'x' }],
  ...extra,
});

const markdowns = (n: number) => Array.from({ length: n }, () => ({ tag: 'markdown', content: 'x' }));

describe('evaluateCard', () => {
  it.each([
    ['a plain 2.0 card', card()],
    [
      'a 1.0 card with an action module',
      { config: { update_multi: true }, elements: [{ tag: 'action', actions: [button()] }] },
    ],
    ['200 components', card({}, markdowns(200))],
    [
      '5 tables',
      card(
        {},
        Array.from({ length: 5 }, () => table()),
      ),
    ],
    ['page_size 1 and 10', card({}, [table({ page_size: 1 }), table({ page_size: 10 })])],
    [
      '50 table columns',
      card({}, [table({ columns: Array.from({ length: 50 }, (_, i) => ({ name: `c${i}` })) })]),
    ],
    ['3 header text tags', card({ header: { text_tag_list: [{}, {}, {}] } })],
    [
      'every documented button type',
      card(
        {},
        ['default', 'primary_filled', 'danger_text', 'laser'].map((type) => button({ type })),
      ),
    ],
    [
      'a confirm with title and text',
      card({}, [button({ confirm: { title: { tag: 'plain_text' }, text: { tag: 'plain_text' } } })]),
    ],
    [
      'a button nested in a column set',
      card({}, [{ tag: 'column_set', columns: [{ tag: 'column', elements: [button()] }] }]),
    ],
  ])('accepts %s', (_name, input) => {
    expect(evaluateCard(input).kind).toBe('ok');
  });

  it.each([
    ['not an object', 'hello', /JSON object/],
    ['201 components', card({}, markdowns(201)), /201 components; at most 200/],
    [
      'components counted inside column sets',
      card({}, [{ tag: 'column_set', columns: [{ tag: 'column', elements: markdowns(199) }] }]),
      /at most 200/,
    ],
    [
      '6 tables',
      card(
        {},
        Array.from({ length: 6 }, () => table()),
      ),
      /6 tables; at most 5/,
    ],
    ['page_size 0', card({}, [table({ page_size: 0 })]), /page_size/],
    ['page_size 11', card({}, [table({ page_size: 11 })]), /page_size/],
    [
      '51 table columns',
      card({}, [table({ columns: Array.from({ length: 51 }, (_, i) => ({ name: `c${i}` })) })]),
      /51 columns/,
    ],
    [
      'a nested table',
      card({}, [{ tag: 'column_set', columns: [{ tag: 'column', elements: [table()] }] }]),
      /directly in body/,
    ],
    ['4 header text tags', card({ header: { text_tag_list: [{}, {}, {}, {}] } }), /at most 3/],
    ['an undocumented header colour', card({ header: { template: 'pink' } }), /template/],
    ['update_multi false on 2.0', card({ config: { update_multi: false } }), /update_multi/],
    ['an unknown button type', card({}, [button({ type: 'huge' })]), /button type "huge"/],
    [
      'a confirm without text',
      card({}, [button({ confirm: { title: { tag: 'plain_text' } } })]),
      /title and text/,
    ],
    [
      'the action module in 2.0',
      card({}, [{ tag: 'action', actions: [button()] }]),
      /drops the "action" module/,
    ],
    ['2.0 elements at the top level', { schema: '2.0', elements: [] }, /body.elements/],
    ['an unknown schema', { schema: '3.0', body: { elements: [] } }, /unknown card schema/],
    [
      'a 1.0 card with a bad button',
      { elements: [{ tag: 'action', actions: [button({ type: 'huge' })] }] },
      /button type/,
    ],
    ['a template card', { type: 'template', data: { template_id: 'x' } }, /template/],
  ])('refuses %s', (_name, input, reason) => {
    const verdict = evaluateCard(input);
    expect(verdict.kind).toBe('refused');
    expect(verdict.kind === 'refused' && verdict.reason).toMatch(reason);
  });
});

describe('evaluateCard: card JSON 2.0 multi-language', () => {
  const i18n = { en_us: 'Approve', zh_cn: '批准', vi_vn: 'Phê duyệt', ja_jp: '承認' };

  it('accepts config.locales and i18n_content on texts in header, body and buttons', () => {
    const verdict = evaluateCard(
      card(
        {
          config: { update_multi: true, locales: ['en_us', 'zh_cn', 'vi_vn', 'ja_jp'] },
          header: { title: { tag: 'plain_text', content: 'Approve', i18n_content: i18n } },
        },
        [
          { tag: 'markdown', content: 'Approve', i18n_content: i18n },
          button({ text: { tag: 'plain_text', content: 'Go', i18n_content: i18n } }),
        ],
      ),
    );
    expect(verdict).toEqual({ kind: 'ok', schema: '2.0' });
  });

  it.each([
    ['an unknown locale in config.locales', card({ config: { locales: ['en_us', 'xx_yy'] } })],
    ['config.locales that is not an array', card({ config: { locales: 'en_us' } })],
    [
      'an unknown locale in i18n_content',
      card({}, [{ tag: 'markdown', content: 'x', i18n_content: { en: 'x' } }]),
    ],
    ['a non-string translation', card({}, [{ tag: 'markdown', content: 'x', i18n_content: { en_us: 1 } }])],
    ['whole-card i18n_elements (JSON 1.0 only)', card({ i18n_elements: { en_us: [] } })],
  ])('refuses %s', (_name, refusedCard) => {
    expect(evaluateCard(refusedCard).kind).toBe('refused');
  });
});
