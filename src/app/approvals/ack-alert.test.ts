import { describe, expect, it } from 'vitest';
import type { AlertAckAnswer, AlertAckInput } from '../../ports/alert-ack.js';
import { ackAlert } from './ack-alert.js';

const INPUT: AlertAckInput = {
  key: 'burst.failed_intake',
  incident: 'inc-1',
  by: 'ou_oncall',
  messageId: 'om_alert',
  chatId: 'oc_oncall',
};

describe('ackAlert', () => {
  it.each<[AlertAckAnswer['kind'], string, string]>([
    ['acked', 'success', 'Acknowledged: escalation stopped.'],
    ['already_acked', 'info', 'Already acknowledged.'],
    ['resolved', 'info', 'This alert has already resolved.'],
  ])('%s: answers with a %s toast and the monitor’s card', async (kind, type, content) => {
    const seen: AlertAckInput[] = [];
    const answer = await ackAlert(INPUT, {
      ack: async (input) => {
        seen.push(input);
        return { kind, card: { header: 'alert' } };
      },
    });

    expect(seen).toEqual([INPUT]);
    expect(answer).toMatchObject({
      toast: { type, content },
      card: { type: 'raw', data: { header: 'alert' } },
    });
  });

  it('an Ack on an episode that is no longer open says so', async () => {
    const answer = await ackAlert(INPUT, { ack: async () => ({ kind: 'unknown' }) });

    expect(answer).toMatchObject({ toast: { type: 'info', content: 'This alert is no longer open.' } });
  });

  it('an Ack no replica could record says to click again, and shows no card', async () => {
    const answer = await ackAlert(INPUT, { ack: async () => ({ kind: 'unrecorded' }) });

    expect(answer.toast.type).toBe('error');
    expect(answer.toast.content).toContain('click Ack again in a minute');
    expect(answer.card).toBeUndefined();
  });
});
