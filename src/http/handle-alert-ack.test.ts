import { describe, expect, it } from 'vitest';
import type { CardAction } from '../app/approvals/card-action.js';
import type { AlertAckInput } from '../ports/alert-ack.js';
import { handleAlertAck } from './handle-alert-ack.js';

const click = (value: Record<string, unknown>): CardAction => ({
  operatorOpenId: 'ou_bob',
  messageId: 'om_card',
  chatId: 'oc_requests',
  value,
});

describe('handleAlertAck', () => {
  it('hands the alert, episode and who clicked to the Ack use case', async () => {
    const seen: AlertAckInput[] = [];
    const answer = await handleAlertAck(
      click({ action: 'ack', alert: 'burst.failed_intake', incident: 'inc-1' }),
      {
        ack: async (input) => {
          seen.push(input);
          return { kind: 'acked' };
        },
      },
    );

    expect(answer.toast.type).toBe('success');
    expect(seen).toEqual([
      {
        key: 'burst.failed_intake',
        incident: 'inc-1',
        by: 'ou_bob',
        messageId: 'om_card',
        chatId: 'oc_requests',
      },
    ]);
  });

  it('refuses a malformed Ack button without asking the monitor', async () => {
    let asked = false;
    const answer = await handleAlertAck(click({ action: 'ack', alert: '', incident: 'inc-1' }), {
      ack: async () => {
        asked = true;
        return { kind: 'acked' };
      },
    });

    expect(answer.toast).toEqual({
      type: 'error',
      content: 'This Ack button is not one Larkgate understands.',
    });
    expect(asked).toBe(false);
  });
});
