import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { POLICY_PIN_ENV } from '../config/check-policy-pin.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { setBaseStage } from '../config/set-base-stage.js';
import { cite, evaluatePromotion } from '../domain/evaluate-promotion.js';
import { indexEvidence } from '../domain/index-evidence.js';
import { findBase } from '../domain/policy.js';
import { STAGES, type Stage } from '../domain/tiers.js';
import { readEvidence } from '../evidence/read-evidence.js';
import { type CommandOutput, processOutput } from './command-output.js';
import type { Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

export type PromotionOutcome =
  | {
      kind: 'promoted';
      from: Stage;
      to: Stage;
      direction: 'promote' | 'demote';
      hash: string;
      cites: string[];
    }
  | { kind: 'refused'; from: Stage; to: Stage; missing: string[] };

/**
 * Moves one base to another delivery stage if the recorded evidence supports it (evaluatePromotion):
 * reads and verifies the audit log, judges, then writes the new stage into larkgate.yaml (that one value,
 * comments kept) only after the edited file has passed the real loader, and audits `stage.promoted` with
 * the evidence it relied on. A refusal is audited as `tool.denied` with what is missing. Running
 * processes pick the change up through their policy reload.
 */
export async function promoteBase(runtime: Runtime, alias: string, to: Stage): Promise<PromotionOutcome> {
  const policy = runtime.policy.require();
  const base = findBase(policy, alias);
  if (!base) {
    throw new ConfigError(
      runtime.loaded.path,
      'bases',
      `no base "${alias}" (known: ${policy.bases.map((b) => b.alias).join(', ')})`,
      'config.unknown_base',
    );
  }
  const { events } = await readEvidence({
    file: runtime.auditFile,
    stream: { redis: runtime.redis, key: runtime.loaded.config.audit.stream },
    hashKey: runtime.auditHashKey,
  });
  const verdict = evaluatePromotion({ base, to, evidence: indexEvidence(events), now: runtime.clock() });
  if (verdict.kind === 'refused') {
    await runtime.audit({
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

  const path = runtime.loaded.path;
  const next = setBaseStage(await readFile(path, 'utf8'), path, alias, to);
  // Validate the edited policy with the real loader before it replaces the file (a staging file beside it,
  // so relative paths resolve the same), then swap it in atomically.
  const staged = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.promote`);
  await writeFile(staged, next, { mode: 0o600 });
  let hash: string;
  try {
    hash = (await loadConfig(staged)).policy.hash;
  } catch (error) {
    await rm(staged, { force: true });
    if (error instanceof ConfigError) {
      return {
        kind: 'refused',
        from: base.stage,
        to,
        missing: [`the policy would not load: ${error.problem} (${error.key})`],
      };
    }
    throw error;
  }
  await runtime.audit({
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
      policy_hash_after: hash,
      config: path,
    },
  });
  await rename(staged, path);
  return {
    kind: 'promoted',
    from: base.stage,
    to,
    direction: verdict.direction,
    hash,
    cites: verdict.cites.map((value) => `${value.type} ${cite(value)}`),
  };
}

/**
 * `larkgate promote <base> <stage> --config <file> [--json]`: refuses a promotion the recorded evidence
 * does not support, naming the missing evidence (exit 1); otherwise writes the stage into the config and
 * audits it (exit 0). Moving down is always allowed.
 */
export function registerPromoteCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  program
    .command('promote')
    .description('move a base to another delivery stage, if the recorded evidence supports it')
    .argument('<base>', 'the base alias')
    .argument('<stage>', STAGES.join(' | '))
    .requiredOption('--config <file>', 'larkgate.yaml (edited in place, comments kept)')
    .option('--json', 'print the result as JSON')
    .action(async (alias: string, stage: string, opts: { config: string; json?: boolean }) => {
      if (!(STAGES as readonly string[]).includes(stage)) {
        output.err(`larkgate promote: the stage is one of ${STAGES.join(', ')}, not "${stage}"\n`);
        setExit(EXIT.usage);
        return;
      }
      await runOnce('promote', opts.config, setExit, async (runtime) => {
        let outcome: PromotionOutcome;
        try {
          outcome = await promoteBase(runtime, alias, stage as Stage);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          output.err(`larkgate promote: ${error.message}\n`);
          return EXIT.usage;
        }
        if (opts.json) {
          output.out(`${JSON.stringify({ base: alias, ...outcome })}\n`);
        } else if (outcome.kind === 'refused') {
          output.out(
            `Refused: ${alias} stays ${outcome.from}. Moving it to ${outcome.to} needs evidence that is not on record:\n${outcome.missing.map((line) => `  ✗ ${line}`).join('\n')}\n`,
          );
        } else {
          const pinned = process.env[POLICY_PIN_ENV]
            ? `\n${POLICY_PIN_ENV} is set: pin the new policy (${outcome.hash}) or the running processes will stop serving it.`
            : '';
          output.out(
            `${outcome.direction === 'promote' ? 'Promoted' : 'Moved down'}: ${alias} ${outcome.from} → ${outcome.to} in ${runtime.loaded.path} (policy ${outcome.hash.slice(0, 12)}…), recorded as stage.promoted.${outcome.cites.length > 0 ? `\nEvidence: ${outcome.cites.join('; ')}` : ''}\nRunning serve and worker processes reload it (file change or SIGHUP).${pinned}\n`,
          );
        }
        return outcome.kind === 'promoted' ? EXIT.ok : EXIT.failure;
      });
    });
}
