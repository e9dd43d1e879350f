import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inEnglish } from './i18n/message.js';
import { parseChatDate } from './parse-chat-date.js';

const EXAMPLES = 'write 2026-12-01, or a time with its zone: 2026-12-01T09:30Z or 2026-12-01T09:30+08:00';

describe('parseChatDate', () => {
  it.each<[string, number]>([
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    [' 2026-12-01 ', Date.UTC(2026, 11, 1)],
    ['2026-12-01T09:30Z', Date.UTC(2026, 11, 1, 9, 30)],
    ['2026-12-01t09:30z', Date.UTC(2026, 11, 1, 9, 30)],
    ['2026-12-01 09:30Z', Date.UTC(2026, 11, 1, 9, 30)],
    ['2026-12-01T09:30:15.5Z', Date.UTC(2026, 11, 1, 9, 30, 15, 500)],
    ['2026-12-01T09:30:00+08:00', Date.UTC(2026, 11, 1, 1, 30)],
    ['2026-12-01T09:30+0800', Date.UTC(2026, 11, 1, 1, 30)],
    ['2026-12-01T09:30+08', Date.UTC(2026, 11, 1, 1, 30)],
    ['2026-12-01T00:30-05:30', Date.UTC(2026, 11, 1, 6, 0)],
    ['2026-12-01T09:30 +14:00', Date.UTC(2026, 10, 30, 19, 30)],
    ['2028-02-29', Date.UTC(2028, 1, 29)],
    ['1000-01-01', Date.UTC(1000, 0, 1)],
  ])('%j', (text, ms) => {
    expect(parseChatDate(text)).toEqual({ ok: true, ms });
  });

  it.each<[string, string]>([
    ['12/01/2026', `12/01/2026 is ambiguous (day or month first?); ${EXAMPLES}.`],
    ['01.12.26', `01.12.26 is ambiguous (day or month first?); ${EXAMPLES}.`],
    ['2026-1-5', 'write the date as YYYY-MM-DD with two-digit months and days, like 2026-01-05.'],
    ['2026/12/01', 'write the date as YYYY-MM-DD with two-digit months and days, like 2026-01-05.'],
    [
      '2026-12-01T09:30',
      '2026-12-01T09:30 has no time zone; add Z for UTC or an offset like +08:00 (2026-12-01T09:30+08:00).',
    ],
    [
      '2026-12-01T9:30Z',
      'write the time as HH:MM (or HH:MM:SS) followed by Z or an offset, like 2026-12-01T09:30+08:00.',
    ],
    ['2026-02-30', '2026-02 has no day 30; it has 28 days.'],
    ['2027-02-29', '2027-02 has no day 29; it has 28 days.'],
    ['2026-04-31', '2026-04 has no day 31; it has 30 days.'],
    ['2026-12-00', '2026-12 has no day 0; it has 31 days.'],
    ['2026-13-01', 'there is no month 13; months run from 01 to 12.'],
    ['0999-01-01', 'the year 999 is out of range; use a four-digit year from 1000.'],
    ['2026-12-01T24:00Z', '24:00:00 is not a time of day.'],
    ['2026-12-01T23:60Z', '23:60:00 is not a time of day.'],
    [
      '2026-12-01T09:30+15:00',
      '2026-12-01T09:30+15:00 has an impossible time-zone offset; offsets run from -14:00 to +14:00.',
    ],
    [
      '2026-12-01T09:30+14:30',
      '2026-12-01T09:30+14:30 has an impossible time-zone offset; offsets run from -14:00 to +14:00.',
    ],
    ['1764547200000', `a bare number is not a date; ${EXAMPLES}.`],
    ['Today', `relative dates are not supported; ${EXAMPLES}.`],
    ['next week', `that is not a date I can read; ${EXAMPLES}.`],
  ])('refuses %j', (text, reason) => {
    const result = parseChatDate(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(inEnglish(result.reason)).toBe(reason);
  });

  it('reads back any instant written as an ISO string', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseChatDate(date.toISOString())).toEqual({ ok: true, ms: date.getTime() });
        },
      ),
    );
  });
});
