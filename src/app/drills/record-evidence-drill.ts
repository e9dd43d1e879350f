import { inertChatText } from '../../domain/chat-text.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import type { DrillDeps } from './drill-deps.js';
import type { EvidenceDrillReceipt } from './evidence-drill-receipt.js';
import { retryRateLimited } from './retry-rate-limited.js';
import type { StartedEvidenceDrill } from './start-evidence-drill.js';

/** The receipt: audited (what readiness reads), then posted under the drill's first line. */
export async function recordEvidenceDrill(
  receipt: EvidenceDrillReceipt,
  start: StartedEvidenceDrill,
  deps: DrillDeps,
): Promise<void> {
  const { chat } = deps;
  const durationMs = chat.clock() - start.startedAt;
  if (!receipt.passed)
    chat.logger.error({ drillId: receipt.drillId, problem: receipt.problem }, 'evidence drill failed');
  await chat.audit({
    type: receipt.passed ? 'drill.passed' : 'drill.failed',
    actor: DRILL_ACTOR,
    requestId: null,
    details: {
      drill: receipt.kind,
      drill_id: receipt.drillId,
      base: receipt.base,
      table: receipt.table,
      requests: receipt.requests,
      duration_ms: durationMs,
      ...(receipt.problem ? { problem: receipt.problem } : {}),
    },
  });
  const line = receipt.passed
    ? `✅ ${receipt.kind} drill ${receipt.drillId} passed on ${receipt.base} (${receipt.table}): ${Object.entries(
        receipt.requests,
      )
        .map(([what, id]) => `${what} ${id}`)
        .join(', ')}; temp table gone.`
    : `❌ ${receipt.kind} drill ${receipt.drillId} failed on ${receipt.base}: ${receipt.problem ?? 'no reason'}.`;
  await retryRateLimited(() =>
    chat.chat.replyText(start.message, inertChatText(line), {
      uuid: `drill-${receipt.drillId}-receipt`,
      chatId: start.chat,
    }),
  ).catch((error: Error) =>
    chat.logger.warn({ drillId: receipt.drillId, err: error.message }, 'could not post the drill receipt'),
  );
}
