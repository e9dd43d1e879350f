import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../test/monitoring/make-alert.js';
import { applyAck } from './apply-ack.js';

const ack = (overrides: Partial<Parameters<typeof applyAck>[1]> = {}) => ({
  key: 'redis',
  incident: `redis@${T0}`,
  by: 'ou_dave',
  messageId: 'om_alert1',
  now: T0 + 60_000,
  ...overrides,
});

describe('applyAck', () => {
  it('records who acknowledged, cancels a pending escalation and bumps the card version', () => {
    const outcome = applyAck({ redis: makeAlert({ escalationDue: true }) }, ack());

    expect(outcome).toMatchObject({
      kind: 'acked',
      alert: { ackedBy: 'ou_dave', ackedAt: T0 + 60_000, escalationDue: false, version: 2 },
    });
  });

  it('keeps an escalation that was already sent marked as sent', () => {
    const alert = makeAlert({ escalationDue: true });
    const sent = { ...alert, delivery: { ...alert.delivery, escalatedAt: T0 + 600_000 } };

    expect(applyAck({ redis: sent }, ack())).toMatchObject({ kind: 'acked', alert: { escalationDue: true } });
  });

  it.each<[string, Partial<Parameters<typeof applyAck>[1]>]>([
    ['another episode', { incident: 'redis@1' }],
    ['another message', { messageId: 'om_other' }],
    ['an unknown alert', { key: 'workers' }],
  ])('a button from %s changes nothing', (_name, overrides) => {
    expect(applyAck({ redis: makeAlert() }, ack(overrides))).toEqual({ kind: 'unknown' });
  });

  it('a second ack and an ack after resolution change nothing', () => {
    expect(applyAck({ redis: makeAlert({ ackedBy: 'ou_bob', ackedAt: T0 }) }, ack()).kind).toBe(
      'already_acked',
    );
    expect(applyAck({ redis: makeAlert({ state: 'resolved', resolvedAt: T0 }) }, ack()).kind).toBe(
      'resolved',
    );
  });
});
