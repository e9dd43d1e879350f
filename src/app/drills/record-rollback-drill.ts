import { buildDrillReceiptCard } from '../../../cards/build-drill-receipt-card.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import type { DrillDeps } from './drill-deps.js';
import type { DrillReceipt } from './drill-receipt.js';
import { retryRateLimited } from './retry-rate-limited.js';

/**
 * The receipt: audited first (drill.passed / drill.failed, which the guard's drill rule, readiness and the
 * monitor read), then posted to the drills chat. A failed drill pages on-call through the alert system:
 * the bot's monitor reads the drill.failed event from the audit stream and raises `drill.failed:<base>`
 * (a card with Ack, de-duplicated, escalated, resolved by the next passing drill), so the event names
 * that alert.
 */
export async function recordRollbackDrill(
  receipt: DrillReceipt,
  drillsChat: string,
  startMessage: string | null,
  deps: DrillDeps,
): Promise<void> {
  const { chat } = deps;
  if (!receipt.passed) {
    chat.logger.error({ drillId: receipt.drillId, problem: receipt.problem }, 'rollback drill failed');
  }
  await chat.audit({
    type: receipt.passed ? 'drill.passed' : 'drill.failed',
    actor: DRILL_ACTOR,
    requestId: receipt.requestId,
    details: {
      drill: 'rollback',
      drill_id: receipt.drillId,
      base: receipt.base,
      table: receipt.table,
      request_id: receipt.requestId,
      rollback_id: receipt.rollbackId,
      duration_ms: receipt.durationMs,
      records: receipt.records,
      compared: 'canonical JSON of every record: before the change vs after the rollback',
      before_sha256: receipt.beforeSha256,
      after_sha256: receipt.afterSha256,
      ...(receipt.problem ? { problem: receipt.problem } : {}),
      ...(receipt.passed ? {} : { alert: `drill.failed:${receipt.base}` }),
    },
  });
  // The receipt is a card, so each reader sees it in their own language.
  const card = buildDrillReceiptCard({ kind: 'rollback', ...receipt });
  const options = { uuid: `drill-${receipt.drillId}-receipt` };
  const post = () =>
    startMessage
      ? chat.chat.replyCard(startMessage, card, { ...options, chatId: drillsChat })
      : chat.chat.sendCard(drillsChat, card, options);
  await retryRateLimited(post).catch((error: Error) =>
    chat.logger.warn({ drillId: receipt.drillId, err: error.message }, 'could not post the drill receipt'),
  );
}
