import { describe, expect, it } from 'vitest';
import { normalizeCardAction } from './normalize-card-action.js';

/** The v2 `card.action.trigger` event body (docs/reference/lark-api.md §5.2). */
function makeEvent(overrides: Record<string, unknown> = {}) {
  return {
    operator: { tenant_key: 't', user_id: '867', open_id: 'ou_approver', union_id: 'on_x' },
    token: 'c-295ee5',
    action: { value: { action: 'approve', request_id: 'req_1' }, tag: 'button', name: 'approve' },
    host: 'im_message',
    context: { open_message_id: 'om_card', open_chat_id: 'oc_requests' },
    ...overrides,
  };
}

describe('normalizeCardAction', () => {
  it('reads the operator, the message, the value and the card token of a v2 payload', () => {
    expect(normalizeCardAction(makeEvent())).toEqual({
      operatorOpenId: 'ou_approver',
      messageId: 'om_card',
      chatId: 'oc_requests',
      value: { action: 'approve', request_id: 'req_1' },
      cardToken: 'c-295ee5',
      tag: 'button',
    });
  });

  it('gives cardToken null when Lark sent none', () => {
    const { token: _token, ...event } = makeEvent();
    expect(normalizeCardAction(event)?.cardToken).toBeNull();
  });

  it.each([
    ['the legacy v1 shape (open_id at the top level)', { operator: undefined, open_id: 'ou_approver' }],
    ['a string value', { action: { value: 'approve', tag: 'button' } }],
    ['no context', { context: undefined }],
  ])('returns null for %s', (_name, overrides) => {
    expect(normalizeCardAction(makeEvent(overrides))).toBeNull();
  });
});
