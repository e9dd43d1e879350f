import { z } from 'zod';
import { askRollbackFromCard, type RollbackClickDeps } from '../app/approvals/ask-rollback-from-card.js';
import type { CardAction } from '../app/approvals/card-action.js';
import type { CardAnswer } from '../app/approvals/card-answer.js';
import { castVote } from '../app/approvals/cast-vote.js';
import type { VoteDeps } from '../app/approvals/vote-deps.js';

export type CardActionDeps = VoteDeps &
  RollbackClickDeps & {
    /** Ack on an alert card in the on-call chat (the bot's monitor); absent when monitoring is off. */
    ackAlert?: (action: CardAction) => Promise<CardAnswer>;
  };

const VoteValue = z.strictObject({
  action: z.enum(['approve', 'reject']),
  request_id: z.string().regex(/^req_[a-z2-7]{12}$/),
  scope: z.string().regex(/^[0-9a-f]{64}$/),
});

const RollbackValue = z.strictObject({
  action: z.literal('rollback'),
  request_id: z.string().regex(/^req_[a-z2-7]{12}$/),
});

const NOT_UNDERSTOOD: CardAnswer = {
  toast: { type: 'error', content: 'This button is not one Larkgate understands.' },
};

/**
 * A verified click (`POST /lark/card`): reads the button's value and hands it to its use case in
 * src/app/approvals (Approve/Reject: castVote; Roll back: askRollbackFromCard; Ack: the monitor's). A value
 * that is none of them is refused and audited `tool.denied` (`unknown_action`).
 */
export async function handleCardAction(action: CardAction, deps: CardActionDeps): Promise<CardAnswer> {
  if (action.value.action === 'rollback') {
    const parsed = RollbackValue.safeParse(action.value);
    if (!parsed.success) return NOT_UNDERSTOOD;
    return askRollbackFromCard(
      {
        requestId: parsed.data.request_id,
        by: action.operatorOpenId,
        chatId: action.chatId,
        messageId: action.messageId,
      },
      deps,
    );
  }
  if (action.value.action === 'ack' && deps.ackAlert) return deps.ackAlert(action);
  const parsed = VoteValue.safeParse(action.value);
  if (!parsed.success) {
    await deps.audit({
      type: 'tool.denied',
      actor: action.operatorOpenId,
      requestId: null,
      details: {
        action: 'card-click',
        denials: [{ code: 'unknown_action', message: 'button value not understood' }],
      },
    });
    return NOT_UNDERSTOOD;
  }
  return castVote(
    {
      voter: action.operatorOpenId,
      messageId: action.messageId,
      decision: parsed.data.action,
      requestId: parsed.data.request_id,
      scope: parsed.data.scope,
    },
    deps,
  );
}
