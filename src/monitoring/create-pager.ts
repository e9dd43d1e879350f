import { createHash } from 'node:crypto';
import { buildAlertCard } from '../../cards/build-alert-card.js';
import type { Card } from '../../cards/card-parts.js';
import { formatTime } from '../../cards/format-time.js';
import type { Alert } from '../domain/alert.js';
import { chatText, chatTextFromLarkgate, joinChatText, mentionInChat } from '../domain/chat-text.js';
import { describeAlert } from '../domain/describe-alert.js';
import type { Messenger } from '../ports/messenger.js';

export type PagerOptions = {
  /** A messenger on the monitor's own Lark client (no Redis on the way). */
  messenger: Pick<Messenger, 'sendCard' | 'patchCard' | 'replyText'>;
  chatId: string;
  notify: readonly string[];
  escalateTo: readonly string[];
  runbookUrl?: string | undefined;
};

export type Pager = ReturnType<typeof createPager>;

/**
 * Puts alerts in the on-call chat: a card per episode (sent with a uuid derived from the episode, so a
 * retried send after a lost answer does not post twice: Lark de-duplicates a uuid for 1 h, docs/reference/lark-api.md
 * §3.1), updates of that card, and the escalation as a reply mentioning the escalation list.
 */
export function createPager(options: PagerOptions) {
  const card = (alert: Alert, now: number): Card =>
    buildAlertCard({
      alert,
      description: describeAlert(alert.key),
      now,
      notify: options.notify,
      escalateTo: options.escalateTo,
      ...(options.runbookUrl ? { runbookUrl: options.runbookUrl } : {}),
    });
  return {
    card,
    async send(alert: Alert, now: number): Promise<string> {
      const sent = await options.messenger.sendCard(options.chatId, card(alert, now), {
        uuid: uuidOf('al', alert.incident),
      });
      return sent.messageId;
    },
    async update(messageId: string, alert: Alert, now: number): Promise<void> {
      await options.messenger.patchCard(messageId, card(alert, now));
    },
    async escalate(messageId: string, alert: Alert): Promise<void> {
      const { title, runbook } = describeAlert(alert.key);
      // The only mentions Larkgate makes in a text message: the configured people to escalate to.
      const people = joinChatText(options.escalateTo.map(mentionInChat), ' ');
      await options.messenger.replyText(
        messageId,
        chatText`Escalation: "${chatTextFromLarkgate(title)}" has been firing since ${chatTextFromLarkgate(formatTime(alert.since))} and nobody has acknowledged it. ${people} please look (${chatTextFromLarkgate(`docs/runbooks/${runbook}.md`)}), then click Ack on the card.`,
        { uuid: uuidOf('es', alert.incident) },
      );
    },
  };
}

function uuidOf(kind: string, incident: string): string {
  return `${kind}_${createHash('sha256').update(incident).digest('hex').slice(0, 40)}`;
}
