import { describe, expect, it } from 'vitest';
import {
  governedWrite,
  HISTORY_T0,
  makeAuditHistory,
  rollbackOf,
} from '../../test/builders/make-audit-history.js';
import { makeBase } from '../../test/builders/make-policy.js';
import { evaluatePromotion } from './evaluate-promotion.js';
import { indexEvidence } from './index-evidence.js';
import type { Stage } from './tiers.js';

const DAY = 24 * 3600_000;
type Entry = Parameters<typeof makeAuditHistory>[0][number];

const tour = (green: boolean, at = HISTORY_T0): Entry => ({
  type: 'tour.completed',
  at,
  details: { green, bases: { crm: { green, reasons: green ? [] : ['table "Tasks" is missing'] } } },
});
const drill = (at = HISTORY_T0): Entry => ({
  type: 'drill.passed',
  at,
  details: { drill: 'rollback', base: 'sandbox' },
});
const dryRunCreated: Entry = {
  type: 'request.created',
  requestId: 'req_dry',
  details: { base: 'crm', table: 'Tasks', op: 'update', origin: 'chat', state: 'dry_run' },
};
const dryRunCard: Entry = {
  type: 'request.card_sent',
  requestId: 'req_dry',
  details: { base: 'crm', card_message_id: 'om_dry' },
};
const dryRun = [dryRunCreated, dryRunCard];
const probes = (
  at = HISTORY_T0,
  verdict = 'ALL_FAIL_CLOSED',
  covered = ['egress.denied', 'auth.bad_signature'],
): Entry => ({
  type: 'probes.completed',
  at,
  details: { verdict, harness_ok: verdict === 'ALL_FAIL_CLOSED', covered },
});

function judge(
  stage: Stage,
  to: Stage,
  entries: Entry[],
  now = HISTORY_T0 + DAY,
  tier: 'L2' | 'L3' | 'L1' = 'L2',
) {
  const base = makeBase({ alias: 'crm', stage, tier });
  const timed = entries.map((entry, index) => ({ ...entry, at: entry.at ?? HISTORY_T0 + index * 60_000 }));
  return evaluatePromotion({ base, to, evidence: indexEvidence(makeAuditHistory(timed)), now });
}

describe('evaluatePromotion', () => {
  describe('dry-run → read-only needs a green read tour of the base', () => {
    it('allows it with a fresh green tour, citing it', () => {
      expect(judge('dry-run', 'read-only', [tour(true)])).toEqual({
        kind: 'allowed',
        direction: 'promote',
        cites: [expect.objectContaining({ type: 'tour.completed', chain: 'test-chain', seq: 1 })],
      });
    });

    it.each<[string, Entry[], number, string]>([
      ['no tour', [], HISTORY_T0, 'a read tour of crm (run larkgate tour)'],
      [
        'a red latest tour',
        [tour(true), tour(false, HISTORY_T0 + 60_000)],
        HISTORY_T0 + DAY,
        'the latest (2026-06-01T09:01:00.000Z, test-chain#2) is red: table "Tasks" is missing',
      ],
      ['a stale tour', [tour(true)], HISTORY_T0 + 8 * DAY, 'a read tour of crm from the last 7 days'],
    ])('refuses with %s, saying which evidence is missing', (_name, entries, now, missing) => {
      const verdict = judge('dry-run', 'read-only', entries, now);

      expect(verdict.kind).toBe('refused');
      expect(verdict.kind === 'refused' && verdict.missing.join('\n')).toContain(missing);
    });
  });

  describe('read-only → limited needs the tour, a dry run and a fresh rollback drill', () => {
    it('allows it with all three', () => {
      expect(judge('read-only', 'limited', [tour(true), ...dryRun, drill()]).kind).toBe('allowed');
    });

    it('names each missing piece', () => {
      const verdict = judge('read-only', 'limited', [tour(true)]);

      expect(verdict).toEqual({
        kind: 'refused',
        missing: [
          'a dry run on crm: a write request whose diff card was sent (request.created, then request.card_sent)',
          'a passing rollback drill (drill.passed, drill: rollback) from the last 30 days',
        ],
        cites: [expect.objectContaining({ type: 'tour.completed' })],
      });
    });

    it('does not count a write request whose diff card was never sent as a dry run', () => {
      const verdict = judge('read-only', 'limited', [tour(true), dryRunCreated, drill()]);

      expect(verdict.kind === 'refused' && verdict.missing).toEqual([
        'a dry run on crm: a write request whose diff card was sent (request.created, then request.card_sent)',
      ]);
    });

    it('holds an L3 base to its 7-day drill freshness', () => {
      const verdict = judge(
        'read-only',
        'limited',
        [tour(true, HISTORY_T0 + 9 * DAY), ...dryRun, drill()],
        HISTORY_T0 + 10 * DAY,
        'L3',
      );

      expect(verdict.kind === 'refused' && verdict.missing).toEqual([
        'a passing rollback drill (drill.passed, drill: rollback) from the last 7 days',
      ]);
    });

    it('refuses an L1 base whatever the evidence: its tier refuses writes', () => {
      const verdict = judge('read-only', 'limited', [tour(true), ...dryRun, drill()], HISTORY_T0 + DAY, 'L1');

      expect(verdict.kind === 'refused' && verdict.missing[0]).toMatch(
        /crm is L1 \(internal read-only\): its tier refuses writes/,
      );
    });
  });

  describe('limited → live also needs a governed write on the base that was rolled back', () => {
    it('allows it with the write and its rollback, citing both', () => {
      const verdict = judge('limited', 'live', [
        tour(true),
        drill(),
        probes(),
        ...governedWrite('req_w', 'crm'),
        ...rollbackOf('req_rb', 'req_w', 'crm'),
      ]);

      expect(verdict.kind).toBe('allowed');
      expect(verdict.cites.map((cite) => cite.type)).toEqual([
        'tour.completed',
        'request.created',
        'request.card_sent',
        'drill.passed',
        'probes.completed',
        'request.created',
        'approval.created',
        'backup.created',
        'op.verified',
        'rollback.executed',
      ]);
    });

    it.each<[string, Entry[], number, string]>([
      [
        'no probes run recorded',
        [],
        HISTORY_T0 + DAY,
        'a passing probes run recorded for this deployment (larkgate probes --config <file>): none is recorded',
      ],
      [
        'a failing latest run',
        [probes(HISTORY_T0), probes(HISTORY_T0 + 60_000, 'FAIL_OPEN_DETECTED')],
        HISTORY_T0 + DAY,
        '2026-06-01T09:01:00.000Z, test-chain#4) did not pass (FAIL_OPEN_DETECTED): fix it and run larkgate probes --config <file> again',
      ],
      ['a stale run', [probes()], HISTORY_T0 + 8 * DAY, 'a probes run from the last 7 days'],
      [
        'a run that never saw egress or a forged push refused',
        [probes(HISTORY_T0, 'ALL_FAIL_CLOSED', ['self_approval'])],
        HISTORY_T0 + DAY,
        'does not show egress.denied and auth.* refused',
      ],
    ])('refuses with %s: live needs probes passed with this config', (_name, runs, now, missing) => {
      const verdict = judge(
        'limited',
        'live',
        [
          tour(true, now - 60_000),
          drill(now - 60_000),
          ...runs,
          ...governedWrite('req_w', 'crm'),
          ...rollbackOf('req_rb', 'req_w', 'crm'),
        ],
        now,
      );

      expect(verdict.kind === 'refused' && verdict.missing).toEqual([expect.stringContaining(missing)]);
    });

    it('refuses a write that was never rolled back, naming it', () => {
      const verdict = judge('limited', 'live', [
        tour(true),
        drill(),
        probes(),
        ...governedWrite('req_w', 'crm'),
      ]);

      expect(verdict.kind === 'refused' && verdict.missing).toEqual([
        'a rollback of a governed write on crm (rollback.executed, or a verified rollback request), e.g. of req_w',
      ]);
    });

    it('refuses without any governed write', () => {
      const verdict = judge('limited', 'live', [tour(true), ...dryRun, drill(), probes()]);

      expect(verdict.kind === 'refused' && verdict.missing).toEqual([
        'a governed write on crm: approved, backed up and verified (op.verified)',
      ]);
    });
  });

  it.each<[Stage, Stage, string]>([
    ['dry-run', 'live', 'promote one stage at a time: crm is dry-run, so the next stage is read-only'],
    ['read-only', 'live', 'promote one stage at a time: crm is read-only, so the next stage is limited'],
    ['live', 'live', 'crm is already in the live stage'],
  ])('refuses %s → %s: %s', (from, to, missing) => {
    expect(judge(from, to, [])).toEqual({ kind: 'refused', missing: [missing], cites: [] });
  });

  it.each<[Stage, Stage]>([
    ['live', 'limited'],
    ['live', 'dry-run'],
    ['read-only', 'dry-run'],
  ])('always allows moving down, %s → %s: it only takes power away', (from, to) => {
    expect(judge(from, to, [])).toEqual({ kind: 'allowed', direction: 'demote', cites: [] });
  });
});
