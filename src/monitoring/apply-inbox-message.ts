import { applyAck } from './apply-ack.js';
import type { InboxMessage } from './create-monitor-inbox.js';
import { mergeAlertBooks } from './merge-alert-books.js';
import { type RecordAckDeps, recordAck } from './record-ack.js';

/**
 * The leader applies one inbox entry: a book handed over by a replica that stopped leading is merged into
 * its own (it may hold pages sent while Redis was down); an Ack relayed by another replica is applied as if
 * clicked here, at the time it was clicked.
 */
export async function applyInboxMessage(message: InboxMessage, deps: RecordAckDeps): Promise<void> {
  const { book, logger } = deps;
  if (message.kind === 'handoff') {
    const merged = mergeAlertBooks(book.get(), message.book);
    book.set(merged.book);
    if (merged.taken.length > 0 || merged.orphaned.length > 0) {
      logger.warn(
        { from: message.from, taken: merged.taken, orphaned: merged.orphaned },
        'took over alerts from a replica that stopped leading',
      );
    }
    return;
  }
  const outcome = applyAck(book.get(), { ...message, now: message.at });
  if (outcome.kind !== 'acked') {
    logger.info(
      { alert: message.key, incident: message.incident, outcome: outcome.kind },
      'a relayed Ack changed nothing',
    );
    return;
  }
  await recordAck(outcome, { by: message.by, at: message.at }, deps);
}
