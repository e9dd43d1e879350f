import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import { evaluateCard } from '../../emulator/im/evaluate-card.js';
import type { Alert } from '../../src/domain/alert.js';
import { describeAlert } from '../../src/domain/describe-alert.js';
import { makeAlert, T0 } from './make-alert.js';

describe("alert cards pass Lark's card rules (as the emulator enforces them)", () => {
  it.each<[string, Partial<Alert>]>([
    ['firing', {}],
    ['acked', { ackedBy: 'ou_dave', ackedAt: T0 }],
    ['resolved', { state: 'resolved', resolvedAt: T0 + 1000 }],
    ['warning', { severity: 'warn', key: 'drill.age:crm' }],
  ])('the %s card', (_name, overrides) => {
    const alert = makeAlert(overrides);
    const card = buildAlertCard({
      alert,
      description: describeAlert(alert.key),
      now: T0,
      notify: ['ou_dave'],
      escalateTo: ['ou_bob'],
      runbookUrl: 'https://example.com/runbooks/',
    });

    expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
  });
});
