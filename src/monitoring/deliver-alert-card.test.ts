import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../cards/card-parts.js';
import { makeAlert, T0 } from '../../test/monitoring/make-alert.js';
import type { Alert } from '../domain/alert.js';
import { createAlertBookCell } from './alert-book-cell.js';
import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { createMonitorAck } from './create-monitor-ack.js';
import type { Pager } from './create-pager.js';
import { deliverAlertCard } from './deliver-alert-card.js';

/** Delivery deps around one alert, with a pager whose send and update are scripted per test. */
function setup(alert: Alert, pager: Partial<Pager>) {
  const book = createAlertBookCell({ [alert.key]: alert });
  const audited: string[] = [];
  const deps: AlertDeliveryDeps = {
    book,
    pager: pager as Pager,
    logger: pino({ level: 'silent' }),
    clock: () => T0 + 60_000,
    audit: async (type) => {
      audited.push(type);
    },
    escalateTo: [],
  };
  return { book, deps, audited };
}

describe('deliverAlertCard', () => {
  it('gives up a card patch that keeps failing after 5 rounds (the card was deleted), but never a page', async () => {
    const changed = makeAlert({ version: 2 });
    const patching = setup(changed, {
      update: async () => {
        throw new Error('Lark im.message.patch failed: the message was deleted');
      },
    });
    const paging = setup(
      makeAlert({ version: 1, delivery: { ...changed.delivery, messageId: null, version: 0 } }),
      {
        send: async () => {
          throw new Error('Lark im.message.create failed: transient (HTTP 500)');
        },
      },
    );

    for (let round = 1; round <= 6; round++) {
      await deliverAlertCard('redis', patching.deps);
      await deliverAlertCard('redis', paging.deps);
    }

    const patched = patching.book.get().redis;
    expect(patched?.delivery.failures).toBe(5);
    expect(patched?.delivery.version).toBe(2);
    const paged = paging.book.get().redis;
    expect(paged?.delivery.failures).toBe(6);
    expect(paged?.delivery.version).toBe(0);
  });

  it('keeps an Ack clicked while the card was being updated, and shows it on the next update', async () => {
    const changed = makeAlert({ version: 2 });
    let release: () => void = () => undefined;
    const patches: number[] = [];
    const { book, deps } = setup(changed, {
      update: (_messageId, alert) => {
        patches.push(alert.version);
        return patches.length === 1
          ? new Promise<void>((resolve) => {
              release = resolve;
            })
          : Promise.resolve();
      },
    });
    const ack = createMonitorAck({
      book,
      logger: deps.logger,
      audit: deps.audit,
      chatId: 'oc_oncall',
      clock: () => T0 + 61_000,
      card: () => ({}) as Card,
      mirror: () => undefined,
    });

    const delivering = deliverAlertCard('redis', deps);
    const answer = await ack({
      key: 'redis',
      incident: changed.incident,
      by: 'ou_carol',
      messageId: 'om_alert1',
      chatId: 'oc_oncall',
    });
    release();
    await delivering;
    await deliverAlertCard('redis', deps);

    expect(answer.kind).toBe('acked');
    expect(book.get().redis?.ackedBy).toBe('ou_carol');
    expect(patches).toEqual([2, 3]);
  });
});
