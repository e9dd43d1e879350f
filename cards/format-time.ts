import type { LocalText } from '../src/domain/i18n/locale.js';
import { translate } from '../src/domain/i18n/translate.js';

/** `2026-11-22 09:30 UTC`: card times are always UTC, and say so (the same in every locale). */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `in 29 min`, `in 2 h 5 min`, `3 min ago`, in every locale. */
export function formatRelative(ms: number, now: number): LocalText {
  const minutes = Math.round(Math.abs(ms - now) / 60_000);
  return translate(ms >= now ? 'time.in' : 'time.ago', { span: formatMinutes(minutes) });
}

/** `45 s` below two minutes, then `12 min`, then `2 h 5 min`, in every locale. */
export function formatDuration(ms: number): LocalText {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return translate('time.seconds', { seconds });
  return formatMinutes(Math.round(seconds / 60));
}

function formatMinutes(minutes: number): LocalText {
  return minutes < 60
    ? translate('time.minutes', { minutes })
    : translate('time.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
