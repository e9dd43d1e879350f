import { describe, expect, it } from 'vitest';
import { unflattenWsEvent } from './unflatten-ws-event.js';

describe('unflattenWsEvent', () => {
  it('splits a flattened message event back into its event object', () => {
    const flat = {
      schema: '2.0',
      event_id: 'ev1',
      event_type: 'im.message.receive_v1',
      create_time: '1700000000000',
      token: 'verification-token',
      app_id: 'cli_a1b2c3d4e5f60718',
      tenant_key: 't1',
      sender: { sender_id: { open_id: 'ou_a' } },
      message: { message_id: 'om_1' },
    };
    expect(unflattenWsEvent(flat)).toEqual({
      eventId: 'ev1',
      eventType: 'im.message.receive_v1',
      event: { sender: { sender_id: { open_id: 'ou_a' } }, message: { message_id: 'om_1' } },
    });
  });

  it("keeps a card callback's c- token, which overwrote the header's", () => {
    const pushed = unflattenWsEvent({
      schema: '2.0',
      event_id: 'ev2',
      event_type: 'card.action.trigger',
      token: 'c-abc',
      operator: { open_id: 'ou_b' },
      action: { value: { action: 'approve' }, tag: 'button' },
    });
    expect(pushed?.event).toEqual({
      token: 'c-abc',
      operator: { open_id: 'ou_b' },
      action: { value: { action: 'approve' }, tag: 'button' },
    });
  });

  it.each([[null], ['text'], [{ event_type: 'x' }], [{ event_id: 'e', event_type: '' }]])(
    'is null without an event id and type: %j',
    (data) => {
      expect(unflattenWsEvent(data)).toBeNull();
    },
  );
});
