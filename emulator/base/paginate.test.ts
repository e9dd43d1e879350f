import { describe, expect, it } from 'vitest';
import { paginate, parsePageSize } from './paginate.js';

describe('parsePageSize', () => {
  it.each([
    [undefined, { kind: 'ok', value: 20 }],
    ['7', { kind: 'ok', value: 7 }],
    [500, { kind: 'ok', value: 500 }],
  ])('accepts %j', (raw, expected) => {
    expect(parsePageSize(raw, 500)).toEqual(expected);
  });

  it.each([
    [0, 1254011, 400],
    ['-1', 1254011, 400],
    [501, 99992402, 400],
    ['ten', 99992402, 400],
    [2.5, 99992402, 400],
  ])('refuses %j with %i', (raw, code, status) => {
    const result = parsePageSize(raw, 500);
    expect(result.kind === 'error' && [result.error.code, result.error.status]).toEqual([code, status]);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 5 }, (_, i) => i);

  it('walks every item once with opaque tokens, then stops', () => {
    const first = paginate(items, 2, undefined, 'scope');
    if (first.kind !== 'ok') throw new Error('expected a page');
    expect(first.value).toMatchObject({ items: [0, 1], has_more: true, total: 5 });
    const second = paginate(items, 2, first.value.page_token, 'scope');
    const third = second.kind === 'ok' ? paginate(items, 2, second.value.page_token, 'scope') : second;
    expect(third).toEqual({ kind: 'ok', value: { items: [4], has_more: false, total: 5 } });
  });

  it('refuses a token from another listing or a mangled one with 1254002', () => {
    const first = paginate(items, 2, undefined, 'scope');
    const token = first.kind === 'ok' ? first.value.page_token : undefined;
    for (const bad of [paginate(items, 2, token, 'other scope'), paginate(items, 2, 'garbage!', 'scope')]) {
      expect(bad.kind === 'error' && bad.error.code).toBe(1254002);
    }
  });
});
