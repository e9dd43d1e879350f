import type { Alert, AlertBook } from '../domain/alert.js';

export type BookMerge = {
  book: AlertBook;
  /** Keys taken from the incoming book. */
  taken: string[];
  /**
   * Open alerts whose card stays as the other replica left it: both books had an open episode of the key
   * with a card of its own, and the leader keeps its own.
   */
  orphaned: Array<{ key: string; messageId: string }>;
};

/**
 * The leader takes over a book another replica handed over when it yielded (pure): that replica may have
 * paged while Redis was down, or kept a newer copy than the mirror the leader loaded. Per key:
 * 1. a key only the incoming book has is taken;
 * 2. the same episode (incident): the copy further along wins (a higher version, then a delivered card);
 *    a tie keeps the leader's;
 * 3. different episodes: an open one with a card beats one without, an open one beats a resolved one, and
 *    among resolved ones the later episode wins. Two open episodes with their own cards: the leader keeps
 *    its own, and the other card is reported as orphaned.
 */
export function mergeAlertBooks(own: AlertBook, incoming: AlertBook): BookMerge {
  const merged: Record<string, Alert> = { ...own };
  const taken: string[] = [];
  const orphaned: BookMerge['orphaned'] = [];
  for (const [key, theirs] of Object.entries(incoming)) {
    const mine = own[key];
    if (!mine || prefersIncoming(mine, theirs)) {
      merged[key] = theirs;
      taken.push(key);
    } else if (
      mine.incident !== theirs.incident &&
      isOpen(mine) &&
      isOpen(theirs) &&
      theirs.delivery.messageId !== null
    ) {
      orphaned.push({ key, messageId: theirs.delivery.messageId });
    }
  }
  return { book: merged, taken, orphaned };
}

function prefersIncoming(mine: Alert, theirs: Alert): boolean {
  if (mine.incident === theirs.incident) {
    if (theirs.version !== mine.version) return theirs.version > mine.version;
    if (theirs.delivery.version !== mine.delivery.version)
      return theirs.delivery.version > mine.delivery.version;
    return mine.delivery.messageId === null && theirs.delivery.messageId !== null;
  }
  const rank = (alert: Alert) => (isOpen(alert) ? (alert.delivery.messageId !== null ? 2 : 1) : 0);
  if (rank(theirs) !== rank(mine)) return rank(theirs) > rank(mine);
  return rank(mine) === 0 && theirs.since > mine.since;
}

function isOpen(alert: Alert): boolean {
  return alert.state !== 'resolved';
}
