import { buildDrillReceiptCard } from '../../../cards/build-drill-receipt-card.js';
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
  // The receipt is a card, so each reader sees it in their own language.
  const card = buildDrillReceiptCard(receipt);
  await retryRateLimited(() =>
    chat.chat.replyCard(start.message, card, {
      uuid: `drill-${receipt.drillId}-receipt`,
      chatId: start.chat,
    }),
  ).catch((error: Error) =>
    chat.logger.warn({ drillId: receipt.drillId, err: error.message }, 'could not post the drill receipt'),
  );
}
