import { describe, expect, it } from 'vitest';
import { makeAuditHistory } from '../../../test/builders/make-audit-history.js';
import { makeBase, makePolicy } from '../../../test/builders/make-policy.js';
import type { Stage } from '../../domain/tiers.js';
import type { AuditInput } from '../../ports/audit.js';
import type { StagedPolicy } from '../../ports/policy-file.js';
import { type PromoteDeps, promoteBase } from './promote-base.js';

type Staging = { kind: 'valid'; hash: string } | Extract<StagedPolicy, { kind: 'invalid' }>;

function world(stage: Stage, staged: Staging) {
  const audited: AuditInput[] = [];
  const steps: string[] = [];
  const deps: PromoteDeps = {
    policy: () => makePolicy([makeBase({ stage }), makeBase({ alias: 'billing', name: 'Billing' })]),
    clock: () => Date.parse('2026-06-02T09:00:00Z'),
    audit: async (input) => {
      steps.push(`audit ${input.type}`);
      audited.push(input);
    },
    readEvidence: async () => ({ events: makeAuditHistory([]), sources: [] }),
    policyFile: {
      path: '/etc/larkgate/larkgate.yaml',
      async stageBaseStage(alias, to) {
        steps.push(`stage ${alias} ${to}`);
        return staged.kind === 'valid'
          ? {
              kind: 'valid',
              hash: staged.hash,
              commit: async () => {
                steps.push('commit');
              },
            }
          : staged;
      },
    },
  };
  return { deps, audited, steps };
}

describe('promoteBase', () => {
  it('moves a base down at once: staged, audited with both policy hashes, then committed', async () => {
    const w = world('live', { kind: 'valid', hash: 'e'.repeat(64) });

    const outcome = await promoteBase(w.deps, 'crm', 'read-only');

    expect(outcome).toEqual({
      kind: 'promoted',
      from: 'live',
      to: 'read-only',
      direction: 'demote',
      hash: 'e'.repeat(64),
      cites: [],
    });
    expect(w.steps).toEqual(['stage crm read-only', 'audit stage.promoted', 'commit']);
    expect(w.audited[0]?.details).toMatchObject({
      base: 'crm',
      from: 'live',
      to: 'read-only',
      policy_hash_before: 'f'.repeat(64),
      policy_hash_after: 'e'.repeat(64),
      config: '/etc/larkgate/larkgate.yaml',
    });
  });

  it('refuses a promotion without evidence, audits what is missing and leaves the file alone', async () => {
    const w = world('dry-run', { kind: 'valid', hash: 'e'.repeat(64) });

    const outcome = await promoteBase(w.deps, 'crm', 'read-only');

    expect(outcome).toEqual({
      kind: 'refused',
      from: 'dry-run',
      to: 'read-only',
      missing: [expect.stringContaining('a read tour of crm')],
    });
    expect(w.steps).toEqual(['audit tool.denied']);
    expect(w.audited[0]?.details.denials).toEqual([
      { code: 'promotion_refused', message: expect.stringContaining('a read tour of crm') },
    ]);
  });

  it('refuses an edit the real loader would not load, without auditing a promotion', async () => {
    const w = world('live', { kind: 'invalid', problem: 'limited needs a limited block', key: 'bases.0' });

    const outcome = await promoteBase(w.deps, 'crm', 'limited');

    expect(outcome).toEqual({
      kind: 'refused',
      from: 'live',
      to: 'limited',
      missing: ['the policy would not load: limited needs a limited block (bases.0)'],
    });
    expect(w.steps).toEqual(['stage crm limited']);
  });

  it('does not swap the file in when the promotion cannot be audited', async () => {
    const w = world('live', { kind: 'valid', hash: 'e'.repeat(64) });
    w.deps.audit = async () => {
      throw new Error('no audit sink could record the event');
    };

    await expect(promoteBase(w.deps, 'crm', 'dry-run')).rejects.toThrow('no audit sink');
    expect(w.steps).toEqual(['stage crm dry-run']);
  });

  it('names the known bases for an unknown one, and touches nothing', async () => {
    const w = world('live', { kind: 'valid', hash: 'e'.repeat(64) });

    expect(await promoteBase(w.deps, 'nowhere', 'live')).toEqual({
      kind: 'unknown_base',
      known: ['crm', 'billing'],
    });
    expect(w.steps).toEqual([]);
  });
});
