import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../test/monitoring/make-alert.js';
import type { Alert } from '../domain/alert.js';
import { mergeAlertBooks } from './merge-alert-books.js';

const firing = makeAlert();
const pendingNoCard = makeAlert({
  state: 'pending',
  firedAt: null,
  version: 0,
  delivery: { ...firing.delivery, messageId: null, version: 0, pagedAt: null },
});
const acked = makeAlert({ ackedBy: 'ou_dave', ackedAt: T0 + 60_000, version: 2 });
const resolved = makeAlert({ state: 'resolved', resolvedAt: T0 + 90_000, version: 2 });
/** Another episode of the same key, an hour later, with its own card. */
const laterEpisode = (overrides: Partial<Alert> = {}) =>
  makeAlert({
    incident: `redis@${T0 + 3_600_000}`,
    since: T0 + 3_600_000,
    delivery: { ...firing.delivery, messageId: 'om_alert2' },
    ...overrides,
  });

describe('mergeAlertBooks', () => {
  it.each<[string, Alert | undefined, Alert, Alert]>([
    ['a key only the other replica knows is taken', undefined, firing, firing],
    ['the same episode: the copy further along wins (acked there)', firing, acked, acked],
    ['the same episode: the leader keeps its copy when it is further along', acked, firing, acked],
    ['the same episode: the copy with the card wins over one not yet sent', pendingNoCard, firing, firing],
    ['an open episode with a card beats a resolved one', resolved, laterEpisode(), laterEpisode()],
    [
      'an open episode with a card beats an open one without',
      laterEpisode({ state: 'pending', delivery: { ...firing.delivery, messageId: null } }),
      firing,
      firing,
    ],
    [
      'of two resolved episodes the later one wins',
      resolved,
      laterEpisode({ state: 'resolved' }),
      laterEpisode({ state: 'resolved' }),
    ],
  ])('%s', (_name, mine, theirs, expected) => {
    const merged = mergeAlertBooks(mine ? { redis: mine } : {}, { redis: theirs });

    expect(merged.book.redis).toEqual(expected);
    expect(merged.orphaned).toEqual([]);
  });

  it('two open episodes with their own cards: the leader keeps its own and names the other card', () => {
    const merged = mergeAlertBooks({ redis: firing }, { redis: laterEpisode() });

    expect(merged.book.redis).toEqual(firing);
    expect(merged.taken).toEqual([]);
    expect(merged.orphaned).toEqual([{ key: 'redis', messageId: 'om_alert2' }]);
  });

  it('keeps the keys only the leader has', () => {
    const workers = makeAlert({ key: 'workers', incident: `workers@${T0}` });

    const merged = mergeAlertBooks({ workers }, { redis: firing });

    expect(Object.keys(merged.book).sort()).toEqual(['redis', 'workers']);
    expect(merged.taken).toEqual(['redis']);
  });
});
