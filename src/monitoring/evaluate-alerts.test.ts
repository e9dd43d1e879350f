import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../test/monitoring/make-alert.js';
import type { AlertBook, AlertRules, AlertTransition, Observation } from '../domain/alert.js';
import { evaluateAlerts } from './evaluate-alerts.js';

const RULES: AlertRules = {
  raiseAfter: 2,
  clearAfter: 3,
  reopenWithinMs: 30 * 60_000,
  escalateAfterMs: 10 * 60_000,
  escalates: true,
};
const ROUND = 30_000;

const failing = (key = 'redis', extra: Partial<Observation> = {}): Observation => ({
  key,
  status: 'failing',
  detail: `${key} is down`,
  ...extra,
});
const ok = (key = 'redis'): Observation => ({ key, status: 'ok', detail: '' });
const unknown = (key = 'redis'): Observation => ({ key, status: 'unknown', detail: 'cannot tell' });

/** Runs rounds 30 s apart from T0; returns the last book and every transition. */
function run(rounds: Observation[][], book: AlertBook = {}, rules = RULES) {
  const transitions: Array<AlertTransition & { round: number }> = [];
  let current = book;
  rounds.forEach((observations, round) => {
    const result = evaluateAlerts(current, observations, T0 + round * ROUND, rules);
    current = result.book;
    transitions.push(...result.transitions.map((transition) => ({ ...transition, round })));
  });
  return { book: current, transitions };
}

describe('evaluateAlerts', () => {
  it('fires after raiseAfter failing rounds, with since = the first failure', () => {
    const { book, transitions } = run([[failing()], [failing()]]);

    expect(transitions).toEqual([{ kind: 'fired', key: 'redis', round: 1 }]);
    expect(book.redis).toMatchObject({ state: 'firing', since: T0, firedAt: T0 + ROUND, version: 1 });
  });

  it('a single failing round is forgotten when the next passes', () => {
    const { book, transitions } = run([[failing()], [ok()]]);

    expect(transitions).toEqual([]);
    expect(book).toEqual({});
  });

  it('resolves after clearAfter passing rounds in a row, and a failure resets the count', () => {
    const { book, transitions } = run([
      [failing()],
      [failing()],
      [ok()],
      [ok()],
      [failing()],
      [ok()],
      [ok()],
      [ok()],
    ]);

    expect(transitions.map((transition) => [transition.kind, transition.round])).toEqual([
      ['fired', 1],
      ['resolved', 7],
    ]);
    expect(book.redis).toMatchObject({ state: 'resolved', resolvedAt: T0 + 7 * ROUND, version: 2 });
  });

  it('unknown rounds neither fire, clear nor forget', () => {
    const { book, transitions } = run([[failing()], [unknown()], [unknown()], [failing()]]);

    expect(transitions).toEqual([{ kind: 'fired', key: 'redis', round: 3 }]);
    expect(book.redis?.since).toBe(T0);
  });

  it('re-opens the same card when it fails again within the reopen window', () => {
    const resolved = makeAlert({ state: 'resolved', resolvedAt: T0 - 60_000, version: 2 });
    const book = { redis: { ...resolved, delivery: { ...resolved.delivery, version: 2 } } };

    const { book: next, transitions } = run([[failing()]], book);

    expect(transitions).toEqual([{ kind: 'reopened', key: 'redis', round: 0 }]);
    expect(next.redis).toMatchObject({
      state: 'firing',
      incident: resolved.incident,
      flaps: 1,
      version: 3,
      delivery: { messageId: 'om_alert1' },
    });
  });

  it('starts a new episode (new card) when it fails again after the reopen window', () => {
    const resolved = makeAlert({ state: 'resolved', resolvedAt: T0 - 31 * 60_000, version: 2 });

    const { book, transitions } = run([[failing()], [failing()]], { redis: resolved });

    expect(transitions).toEqual([{ kind: 'fired', key: 'redis', round: 1 }]);
    expect(book.redis).toMatchObject({ incident: `redis@${T0}`, since: T0, delivery: { messageId: null } });
  });

  it('forgets a resolved alert once delivered and past the reopen window, not before it is delivered', () => {
    const resolved = makeAlert({ state: 'resolved', resolvedAt: T0 - 31 * 60_000, version: 2 });
    const delivered = { ...resolved, delivery: { ...resolved.delivery, version: 2 } };

    expect(evaluateAlerts({ redis: resolved }, [], T0, RULES).book.redis).toBeDefined();
    expect(evaluateAlerts({ redis: delivered }, [], T0, RULES).book).toEqual({});
  });

  it('a failure explained by a failing cause neither fires nor clears', () => {
    const workers = failing('workers', { causes: ['redis'] });

    const { book, transitions } = run([
      [failing(), workers],
      [failing(), workers],
    ]);

    expect(transitions).toEqual([{ kind: 'fired', key: 'redis', round: 1 }]);
    expect(book.workers).toBeUndefined();
  });

  it('a consequence pending when its cause starts failing is dropped: one straggler after the cause clears does not fire it', () => {
    const billing = (status: Observation['status'], sample: string): Observation => ({
      key: 'base.read:billing',
      status,
      detail: status,
      sample,
      causes: ['lark.base_api'],
    });

    const { book, transitions } = run([
      // The fault lands: billing's synthetic check sees it a round before every base does.
      [billing('failing', 's1'), ok('lark.base_api')],
      [billing('failing', 's2'), failing('lark.base_api')],
      [billing('failing', 's3'), failing('lark.base_api')],
      // The fault clears; a synthetic check run that straddled it still reports billing failing.
      [billing('failing', 's4'), ok('lark.base_api')],
      [billing('ok', 's5'), ok('lark.base_api')],
    ]);

    expect(transitions.filter((t) => t.key === 'base.read:billing')).toEqual([]);
    expect(transitions.filter((t) => t.key === 'lark.base_api').map((t) => t.kind)).toEqual(['fired']);
    expect(book['base.read:billing']).toBeUndefined();
  });

  it('a synthetic check result seen in several rounds counts once: raise_after and clear_after count samples', () => {
    const sampled = (status: Observation['status'], sample: string): Observation => ({
      key: 'base.read:crm',
      status,
      detail: status,
      sample,
    });

    const { book, transitions } = run([
      [sampled('failing', 's1')],
      [sampled('failing', 's1')],
      [sampled('failing', 's1')],
      [sampled('failing', 's2')],
      [sampled('ok', 's3')],
      [sampled('ok', 's3')],
      [sampled('ok', 's3')],
    ]);

    expect(transitions).toEqual([{ kind: 'fired', key: 'base.read:crm', round: 3 }]);
    expect(book['base.read:crm']).toMatchObject({ state: 'firing', passes: 1 });
  });

  it('merges observations of one key from several checks: any failure wins', () => {
    const { book } = run([
      [ok('lark.token'), failing('lark.token', { detail: 'worker: 500' })],
      [failing('lark.token', { detail: 'bot: 500' }), failing('lark.token', { detail: 'worker: 500' })],
    ]);

    expect(book['lark.token']).toMatchObject({ state: 'firing', detail: 'bot: 500; worker: 500' });
  });

  it('owes an escalation once a delivered page is unacknowledged for escalateAfter', () => {
    const paged = makeAlert();
    const before = evaluateAlerts(
      { redis: paged },
      [failing()],
      (paged.delivery.pagedAt ?? 0) + 599_000,
      RULES,
    );
    const after = evaluateAlerts(
      { redis: paged },
      [failing()],
      (paged.delivery.pagedAt ?? 0) + 600_000,
      RULES,
    );

    expect(before.book.redis?.escalationDue).toBe(false);
    expect(after.transitions).toEqual([{ kind: 'escalation_due', key: 'redis' }]);
    expect(after.book.redis?.escalationDue).toBe(true);
  });

  it.each<[string, Parameters<typeof makeAlert>[0], Partial<AlertRules>]>([
    ['acknowledged', { ackedBy: 'ou_dave', ackedAt: T0 }, {}],
    ['a warning', { severity: 'warn' }, {}],
    ['never delivered', { delivery: { ...makeAlert().delivery, pagedAt: null, messageId: null } }, {}],
    ['nobody to escalate to', {}, { escalates: false }],
  ])('does not escalate an alert that is %s', (_name, overrides, rules) => {
    const alert = makeAlert(overrides);
    const round = evaluateAlerts({ redis: alert }, [failing()], T0 + 3_600_000, { ...RULES, ...rules });

    expect(round.book.redis?.escalationDue).toBe(false);
  });

  it('a flapping condition pages at most once within the reopen window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Observation['status']>('ok', 'failing', 'unknown'), { maxLength: 200 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (statuses, raiseAfter, clearAfter) => {
          const rules = { ...RULES, raiseAfter, clearAfter, reopenWithinMs: Number.MAX_SAFE_INTEGER };
          const { transitions } = run(
            statuses.map((status) => [{ key: 'redis', status, detail: status }]),
            {},
            rules,
          );
          expect(transitions.filter((transition) => transition.kind === 'fired').length).toBeLessThanOrEqual(
            1,
          );
        },
      ),
    );
  });

  it('an alert that fires always fired from raiseAfter consecutive failures (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Observation['status']>('ok', 'failing'), { maxLength: 60 }),
        (statuses) => {
          const { transitions } = run(statuses.map((status) => [{ key: 'redis', status, detail: status }]));
          for (const fired of transitions.filter((transition) => transition.kind === 'fired')) {
            expect(statuses.slice(fired.round - 1, fired.round + 1)).toEqual(['failing', 'failing']);
          }
        },
      ),
    );
  });
});
