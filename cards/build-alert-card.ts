import type { Alert } from '../src/domain/alert.js';
import type { AlertDescription } from '../src/domain/describe-alert.js';
import type { LocalText } from '../src/domain/i18n/locale.js';
import { joinText, translate } from '../src/domain/i18n/translate.js';
import {
  buildCard,
  button,
  buttonRow,
  type Card,
  type HeaderColor,
  markdown,
  type Tag,
} from './card-parts.js';
import { escapeLarkMd, mentionUser } from './escape-lark-md.js';
import { formatDuration, formatRelative, formatTime } from './format-time.js';

export type AlertCardInput = {
  alert: Alert;
  description: AlertDescription;
  now: number;
  /** Base URL of the runbooks (`monitoring.runbook_url`); without it the card names the file. */
  runbookUrl?: string;
  /** Mentioned while the alert fires (`monitoring.notify`). */
  notify: readonly string[];
  /** Who the escalation went to, shown once it has been sent. */
  escalateTo: readonly string[];
};

/**
 * The alert card in the on-call chat (docs/product.md §6): what is wrong, since when, what to check first, the
 * runbook, and an Ack button while it fires unacknowledged. The same card is updated when it is acked,
 * escalated, resolved or fails again.
 */
export function buildAlertCard(input: AlertCardInput): Card {
  const { alert, description, now } = input;
  const look = lookOf(alert);
  const runbookFile = `docs/runbooks/${description.runbook}.md`;
  const runbook = input.runbookUrl
    ? `[${runbookFile}](${input.runbookUrl.replace(/\/?$/, '/')}${description.runbook}.md)`
    : `\`${runbookFile}\``;
  // The title and first check are in every locale; the detail is the probe's own words (Lark's or Redis's
  // error, a count): it stays as written.
  const { title, firstCheck } = description.local;
  const lines: LocalText[] = [
    translate('alert.what', { text: alert.detail ? escapeLarkMd(alert.detail) : escaped(title) }),
    translate('alert.since', { time: formatTime(alert.since), relative: formatRelative(alert.since, now) }),
    translate('alert.check', { text: escaped(firstCheck) }),
    translate('alert.runbook', { link: runbook }),
  ];
  if (alert.flaps > 0) {
    lines.push(translate(alert.flaps === 1 ? 'alert.flaps_one' : 'alert.flaps', { count: alert.flaps }));
  }
  if (alert.state === 'firing' && alert.ackedBy === null && input.notify.length > 0) {
    lines.push(translate('alert.for', { people: input.notify.map(mentionUser).join(' ') }));
  }
  if (alert.delivery.escalatedAt !== null && input.escalateTo.length > 0) {
    lines.push(
      translate('alert.escalated', {
        time: formatTime(alert.delivery.escalatedAt),
        people: input.escalateTo.map(mentionUser).join(' '),
      }),
    );
  }
  if (alert.ackedBy !== null && alert.ackedAt !== null) {
    lines.push(
      translate('alert.acked_by', { person: mentionUser(alert.ackedBy), time: formatTime(alert.ackedAt) }),
    );
  }
  if (alert.state === 'resolved' && alert.resolvedAt !== null) {
    lines.push(
      translate('alert.resolved', {
        time: formatTime(alert.resolvedAt),
        duration: formatDuration(alert.resolvedAt - alert.since),
      }),
    );
    if (alert.delivery.pagedAt === null) lines.push(translate('alert.unreachable'));
  }
  const elements = [
    markdown(joinText(lines, '\n')),
    // The key, severity and incident are ids (the outage drill finds its alert by this line's key).
    markdown(
      translate('alert.footer', {
        key: `\`${alert.key}\``,
        severity: alert.severity,
        incident: escapeLarkMd(alert.incident),
      }),
    ),
  ];
  if (alert.state === 'firing' && alert.ackedBy === null) {
    elements.push(
      buttonRow([
        button({
          text: translate('alert.button.ack'),
          type: 'primary_filled',
          value: { action: 'ack', alert: alert.key, incident: alert.incident },
        }),
      ]),
    );
  }
  return buildCard({
    title,
    subtitle: look.label,
    color: look.color,
    tags: look.tags,
    summary: joinText([look.label, ': ', title]),
    elements,
  });
}

function escaped(text: LocalText): LocalText {
  return Object.fromEntries(
    Object.entries(text).map(([locale, value]) => [locale, escapeLarkMd(value)]),
  ) as LocalText;
}

function lookOf(alert: Alert): { color: HeaderColor; label: LocalText; tags: Tag[] } {
  const severity: Tag =
    alert.severity === 'page' ? { text: 'page', color: 'red' } : { text: 'warning', color: 'yellow' };
  if (alert.state === 'resolved') {
    return {
      color: 'green',
      label: translate('alert.label.resolved'),
      tags: [{ text: translate('alert.tag.resolved'), color: 'green' }, severity],
    };
  }
  if (alert.ackedBy !== null) {
    return {
      color: 'orange',
      label: translate('alert.label.acked'),
      tags: [{ text: translate('alert.tag.acked'), color: 'orange' }, severity],
    };
  }
  return {
    color: alert.severity === 'page' ? 'red' : 'yellow',
    label: translate('alert.label.firing'),
    tags: [{ text: translate('alert.tag.firing'), color: 'red' }, severity],
  };
}
