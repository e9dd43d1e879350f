import { describe, expect, it } from 'vitest';
import type { Alert } from '../src/domain/alert.js';
import { describeAlert } from '../src/domain/describe-alert.js';
import { makeAlert, T0 } from '../test/monitoring/make-alert.js';
import { buildAlertCard } from './build-alert-card.js';

function card(alert: Alert, extra: { runbookUrl?: string } = {}) {
  return buildAlertCard({
    alert,
    description: describeAlert(alert.key),
    now: T0 + 5 * 60_000,
    notify: ['ou_dave'],
    escalateTo: ['ou_bob'],
    ...extra,
  });
}

function buttonsOf(value: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as { tag?: unknown }).tag === 'button') found.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(value);
  return found;
}

describe('buildAlertCard', () => {
  it('a firing page says what is wrong, since when, what to check first, the runbook, and has Ack', () => {
    const built = card(makeAlert());
    const text = JSON.stringify(built);

    expect(built.header).toMatchObject({ template: 'red', title: { content: 'Redis is unreachable' } });
    expect(text).toContain('PING failed: connect ECONNREFUSED 127.0.0.1:6379');
    expect(text).toContain('**Since:** 2026-11-22 09:00 UTC (5 min ago)');
    expect(text).toContain('redis-cli');
    expect(text).toContain('`docs/runbooks/redis-unreachable.md`');
    expect(text).toContain('For <at id=ou_dave></at>');
    expect(buttonsOf(built).map((button) => (button.behaviors as { value: object }[])[0]?.value)).toEqual([
      { action: 'ack', alert: 'redis', incident: `redis@${T0}` },
    ]);
  });

  it('links the runbook when a runbook URL is configured', () => {
    const text = JSON.stringify(card(makeAlert(), { runbookUrl: 'https://example.com/larkgate/runbooks' }));

    expect(text).toContain(
      '[docs/runbooks/redis-unreachable.md](https://example.com/larkgate/runbooks/redis-unreachable.md)',
    );
  });

  it('an acknowledged alert names who acked, has no Ack button and no longer mentions on-call', () => {
    const built = card(makeAlert({ ackedBy: 'ou_dave', ackedAt: T0 + 60_000, version: 2 }));
    const text = JSON.stringify(built);

    expect(built.header).toMatchObject({ template: 'orange' });
    expect(text).toContain('Acknowledged by <at id=ou_dave></at> at 2026-11-22 09:01 UTC');
    expect(text).not.toContain('For <at id=ou_dave></at>');
    expect(buttonsOf(built)).toEqual([]);
  });

  it('a resolved alert is green, says for how long it failed, and has no button', () => {
    const built = card(makeAlert({ state: 'resolved', resolvedAt: T0 + 4 * 60_000 }));
    const text = JSON.stringify(built);

    expect(built.header).toMatchObject({ template: 'green', subtitle: { content: 'Resolved' } });
    expect(text).toContain('**Resolved** 2026-11-22 09:04 UTC, after 4 min.');
    expect(buttonsOf(built)).toEqual([]);
  });

  it('says when the page could not be delivered while the condition lasted', () => {
    const alert = makeAlert({ state: 'resolved', resolvedAt: T0 + 60_000 });
    const text = JSON.stringify(card({ ...alert, delivery: { ...alert.delivery, pagedAt: null } }));

    expect(text).toContain('could not reach this chat while it was failing');
  });

  it('shows the escalation and the flaps', () => {
    const alert = makeAlert({ flaps: 3 });
    const text = JSON.stringify(
      card({ ...alert, delivery: { ...alert.delivery, escalatedAt: T0 + 600_000 } }),
    );

    expect(text).toContain('Escalated 2026-11-22 09:10 UTC to <at id=ou_bob></at>');
    expect(text).toContain('Failed again 3 times soon after clearing');
  });

  it('escapes the detail, which may quote outside text', () => {
    const text = JSON.stringify(card(makeAlert({ detail: 'bad <at id=all></at> [x](http://evil)' })));

    expect(text).not.toContain('<at id=all>');
    expect(text).not.toContain('[x](http://evil)');
  });

  it('titles per-base alerts with the base', () => {
    expect(card(makeAlert({ key: 'base.read:crm' })).header).toMatchObject({
      title: { content: 'Base crm: records cannot be read' },
    });
  });
});
