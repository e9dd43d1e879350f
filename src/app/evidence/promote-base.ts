import { cite, evaluatePromotion } from '../../domain/evaluate-promotion.js';
import { indexEvidence } from '../../domain/index-evidence.js';
import { findBase, type Policy } from '../../domain/policy.js';
import type { Stage } from '../../domain/tiers.js';
import type { Audit } from '../../ports/audit.js';
import type { EvidenceReader } from '../../ports/evidence-reader.js';
import type { PolicyFile } from '../../ports/policy-file.js';

export type PromoteDeps = {
  policy: () => Policy;
  clock: () => number;
  audit: Audit;
  /** The verified audit log (file and stream). */
  readEvidence: EvidenceReader;
  policyFile: PolicyFile;
};

export type PromotionOutcome =
  | {
      kind: 'promoted';
      from: Stage;
      to: Stage;
      direction: 'promote' | 'demote';
      hash: string;
      cites: string[];
    }
  | { kind: 'refused'; from: Stage; to: Stage; missing: string[] }
  | { kind: 'unknown_base'; known: string[] };

/**
 * Moves one base to another delivery stage if the recorded evidence supports it (evaluatePromotion):
 * reads and verifies the audit log, judges, then writes the new stage into larkgate.yaml (that one value,
 * comments kept) only after the edited file has passed the real loader, and audits `stage.promoted` with
 * the evidence it relied on. A refusal is audited as `tool.denied` with what is missing. Running
 * processes pick the change up through their policy reload.
 */
export async function promoteBase(deps: PromoteDeps, alias: string, to: Stage): Promise<PromotionOutcome> {
  const policy = deps.policy();
  const base = findBase(policy, alias);
  if (!base) return { kind: 'unknown_base', known: policy.bases.map((b) => b.alias) };
  const { events } = await deps.readEvidence();
  const verdict = evaluatePromotion({ base, to, evidence: indexEvidence(events), now: deps.clock() });
  if (verdict.kind === 'refused') {
    await deps.audit({
      type: 'tool.denied',
      actor: 'promote',
      requestId: null,
      details: {
        action: 'promote',
        base: alias,
        from: base.stage,
        to,
        denials: verdict.missing.map((message) => ({ code: 'promotion_refused', message })),
      },
    });
    return { kind: 'refused', from: base.stage, to, missing: verdict.missing };
  }

  const staged = await deps.policyFile.stageBaseStage(alias, to);
  if (staged.kind === 'invalid') {
    return {
      kind: 'refused',
      from: base.stage,
      to,
      missing: [`the policy would not load: ${staged.problem} (${staged.key})`],
    };
  }
  await deps.audit({
    type: 'stage.promoted',
    actor: 'promote',
    requestId: null,
    details: {
      base: alias,
      from: base.stage,
      to,
      direction: verdict.direction,
      evidence: verdict.cites.map((value) => ({ type: value.type, chain: value.chain, seq: value.seq })),
      policy_hash_before: policy.hash,
      policy_hash_after: staged.hash,
      config: deps.policyFile.path,
    },
  });
  await staged.commit();
  return {
    kind: 'promoted',
    from: base.stage,
    to,
    direction: verdict.direction,
    hash: staged.hash,
    cites: verdict.cites.map((value) => `${value.type} ${cite(value)}`),
  };
}
