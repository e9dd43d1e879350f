import { type Message, message } from './i18n/message.js';

export type ChatDateResult = { ok: true; ms: number } | { ok: false; reason: Message };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)? ?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
const EXAMPLES = message('reply.date.examples');

/**
 * A date typed in chat → milliseconds since the epoch. Only unambiguous forms: `YYYY-MM-DD` (midnight UTC)
 * and ISO date-times that carry `Z` or an offset (`2026-12-01T09:30:00+08:00`; a space may replace the `T`,
 * seconds and milliseconds are optional). `12/01/2026`, dates without a zone, impossible dates
 * (2026-02-30) and relative words (`today`) are refused with a reason: Larkgate does not guess.
 */
export function parseChatDate(text: string): ChatDateResult {
  const input = text.trim();
  const dateOnly = DATE_ONLY.exec(input);
  if (dateOnly) {
    const [, year, month, day] = dateOnly.map(Number);
    return toMs(year ?? 0, month ?? 0, day ?? 0, 0, 0, 0, 0, 0);
  }
  const dateTime = DATE_TIME.exec(input);
  if (dateTime) {
    const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = dateTime;
    if (!zulu && !sign) {
      return {
        ok: false,
        reason: message('reply.date.no_zone', { input }),
      };
    }
    const oh = Number(offsetHours ?? 0);
    const om = Number(offsetMinutes ?? 0);
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) {
      return {
        ok: false,
        reason: message('reply.date.bad_offset', { input }),
      };
    }
    const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om);
    const ms = Number((fraction ?? '0').padEnd(3, '0'));
    return toMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), ms, offset);
  }
  return { ok: false, reason: explainUnreadable(input) };
}

function toMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): ChatDateResult {
  if (year < 1000) return { ok: false, reason: message('reply.date.year', { year }) };
  if (month < 1 || month > 12) return { ok: false, reason: message('reply.date.month', { month }) };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    return { ok: false, reason: message('reply.date.day', { month: `${year}-${pad(month)}`, day, days }) };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return {
      ok: false,
      reason: message('reply.date.time', { time: `${pad(hour)}:${pad(minute)}:${pad(second)}` }),
    };
  }
  return { ok: true, ms: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000 };
}

function explainUnreadable(input: string): Message {
  if (/^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(input)) {
    return message('reply.date.ambiguous', { input, examples: EXAMPLES });
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]/i.test(input)) return message('reply.date.time_format');
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/.test(input)) return message('reply.date.date_format');
  if (/^[+-]?\d+$/.test(input)) return message('reply.date.bare_number', { examples: EXAMPLES });
  if (/^(today|tomorrow|yesterday|now)$/i.test(input))
    return message('reply.date.relative', { examples: EXAMPLES });
  return message('reply.date.unreadable', { examples: EXAMPLES });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
