import { message } from '../../domain/i18n/message.js';
import type { RollbackTrigger } from '../../domain/rollback-trigger.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import type { RequestStore } from '../../ports/request-store.js';
import { type CardAnswer, toastOf } from './card-answer.js';

export type RollbackClickDeps = Pick<CommonDeps, 'policy' | 'clock'> & {
  requests: Pick<RequestStore, 'get'>;
  /** Queues the preparation of a rollback (decrypting a backup and reading the Base take too long for 3 s). */
  enqueueRollback: (trigger: RollbackTrigger) => Promise<void>;
};

/** A click on Roll back, its button value already parsed. */
export type RollbackClick = { requestId: string; by: string; chatId: string; messageId: string };

/** Ten-minute buckets: a second click soon after gets the same rollback request, a later one a fresh one. */
const ROLLBACK_BUCKET_MS = 10 * 60_000;

/**
 * The Roll back button on an applied card: queue the rollback's preparation and say so. The rollback is a
 * new request with its own diff card and approvals; nothing is written by this click.
 */
export async function askRollbackFromCard(
  click: RollbackClick,
  deps: RollbackClickDeps,
): Promise<CardAnswer> {
  const { requestId } = click;
  const stored = await deps.requests.get(requestId);
  if (!stored) return { toast: toastOf('error', message('reply.no_request', { id: requestId })) };
  if (stored.request.state !== 'applied' && stored.request.state !== 'verify_failed') {
    const state = message(`reply.state.${stored.request.state}`);
    return { toast: toastOf('error', message('reply.rollback.not_applied', { id: requestId, state })) };
  }
  const bucket = Math.floor(deps.clock() / ROLLBACK_BUCKET_MS);
  await deps.enqueueRollback({
    requestId,
    requester: click.by,
    chatId: click.chatId,
    chatType: deps.policy().requestChats.includes(click.chatId) ? 'group' : 'p2p',
    sourceMessageId: click.messageId,
    triggerId: `button-${requestId}-${click.by}-${bucket}`,
  });
  return { toast: toastOf('info', message('reply.toast.preparing_rollback', { id: requestId })) };
}
