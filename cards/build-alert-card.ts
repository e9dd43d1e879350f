import type { Alert } from '../src/domain/alert.js';
import type { AlertDescription } from '../src/domain/describe-alert.js';
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
import { formatRelative, formatTime } from './format-time.js';

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
  const lines = [
    `**What is wrong:** ${escapeLarkMd(alert.detail || description.title)}`,
    `**Since:** ${formatTime(alert.since)} (${formatRelative(alert.since, now)})`,
    `**Check first:** ${escapeLarkMd(description.firstCheck)}`,
    `**Runbook:** ${runbook}`,
  ];
  if (alert.flaps > 0) {
    lines.push(
      `Failed again ${alert.flaps} time${alert.flaps === 1 ? '' : 's'} soon after clearing: this card is reused instead of paging again.`,
    );
  }
  if (alert.state === 'firing' && alert.ackedBy === null && input.notify.length > 0) {
    lines.push(`For ${input.notify.map(mentionUser).join(' ')}`);
  }
  if (alert.delivery.escalatedAt !== null && input.escalateTo.length > 0) {
    lines.push(
      `Escalated ${formatTime(alert.delivery.escalatedAt)} to ${input.escalateTo.map(mentionUser).join(' ')}`,
    );
  }
  if (alert.ackedBy !== null && alert.ackedAt !== null) {
    lines.push(
      `Acknowledged by ${mentionUser(alert.ackedBy)} at ${formatTime(alert.ackedAt)}: no further escalation.`,
    );
  }
  if (alert.state === 'resolved' && alert.resolvedAt !== null) {
    lines.push(
      `**Resolved** ${formatTime(alert.resolvedAt)}, after ${formatDuration(alert.resolvedAt - alert.since)}.`,
    );
    if (alert.delivery.pagedAt === null) {
      lines.push(
        'Larkgate could not reach this chat while it was failing; this card was sent once it could.',
      );
    }
  }
  const elements = [
    markdown(lines.join('\n')),
    markdown(`alert \`${alert.key}\` · ${alert.severity} · incident ${escapeLarkMd(alert.incident)}`),
  ];
  if (alert.state === 'firing' && alert.ackedBy === null) {
    elements.push(
      buttonRow([
        button({
          text: 'Ack',
          type: 'primary_filled',
          value: { action: 'ack', alert: alert.key, incident: alert.incident },
        }),
      ]),
    );
  }
  return buildCard({
    title: description.title,
    subtitle: look.label,
    color: look.color,
    tags: look.tags,
    summary: `${look.label}: ${description.title}`,
    elements,
  });
}

function lookOf(alert: Alert): { color: HeaderColor; label: string; tags: Tag[] } {
  const severity: Tag =
    alert.severity === 'page' ? { text: 'page', color: 'red' } : { text: 'warning', color: 'yellow' };
  if (alert.state === 'resolved') {
    return { color: 'green', label: 'Resolved', tags: [{ text: 'resolved', color: 'green' }, severity] };
  }
  if (alert.ackedBy !== null) {
    return {
      color: 'orange',
      label: 'Firing, acknowledged',
      tags: [{ text: 'acked', color: 'orange' }, severity],
    };
  }
  return {
    color: alert.severity === 'page' ? 'red' : 'yellow',
    label: 'Firing',
    tags: [{ text: 'firing', color: 'red' }, severity],
  };
}

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
