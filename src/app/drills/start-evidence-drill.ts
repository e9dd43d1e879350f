import { randomBytes } from 'node:crypto';
import { chatTextFromMessage } from '../../domain/chat-text.js';
import { message, verbatim } from '../../domain/i18n/message.js';
import { type BasePolicy, findBase } from '../../domain/policy.js';
import { auditDrillDecision } from './audit-drill-decision.js';
import type { DrillDeps } from './drill-deps.js';
import { DRILL_RUNNER } from './drill-runner.js';
import type { EvidenceDrillReceipt } from './evidence-drill-receipt.js';
import { retryRateLimited } from './retry-rate-limited.js';

/** An evidence drill once started: its receipt so far, the sandbox (null when refused), its first line. */
export type StartedEvidenceDrill = {
  receipt: EvidenceDrillReceipt;
  base: BasePolicy | null;
  problem: string | null;
  chat: string;
  message: string;
  startedAt: number;
};

/** The drill guard (a staging L0 base, live, with a marker) and the drill's first line in the drills chat. */
export async function startEvidenceDrill(
  kind: EvidenceDrillReceipt['kind'],
  input: { base?: string },
  deps: DrillDeps,
): Promise<StartedEvidenceDrill> {
  const { chat } = deps;
  const startedAt = chat.clock();
  const policy = chat.policy();
  const alias = input.base ?? policy.bases.find((base) => base.staging)?.alias ?? '(no staging base)';
  const drillId = `d${startedAt.toString(36)}${randomBytes(3).toString('hex')}`;
  const receipt: EvidenceDrillReceipt = {
    kind,
    passed: false,
    drillId,
    base: alias,
    table: null,
    requests: {},
    problem: null,
  };
  const drillsChat = policy.drillsChat ?? policy.auditChat;
  const decision = await auditDrillDecision(
    chat,
    chat.decide({ action: 'drill', actor: DRILL_RUNNER, base: alias }, { policy, now: startedAt }),
    { action: 'drill', drill: kind, base: alias, drill_id: drillId },
  );
  // The drill's first line, in the chats' language (chats.locale); names from config stay inert.
  const startLine = chatTextFromMessage(
    message(`drill.start.${kind}`, { drill: verbatim(drillId), base: alias }),
    policy.locale ?? 'en_us',
  );
  const firstLine = (
    await retryRateLimited(() =>
      chat.chat.sendText(drillsChat, startLine, {
        uuid: `drill-${drillId}-start`,
      }),
    )
  ).messageId;
  if (!decision.allow) {
    const problem = decision.denials.map((denial) => denial.message).join('; ');
    return { receipt, base: null, problem, chat: drillsChat, message: firstLine, startedAt };
  }
  return {
    receipt,
    base: findBase(policy, alias) ?? null,
    problem: null,
    chat: drillsChat,
    message: firstLine,
    startedAt,
  };
}
