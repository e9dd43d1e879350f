import { describe, expect, it } from 'vitest';
import { parseLarkPush } from './parse-lark-push.js';

describe('parseLarkPush', () => {
  it('reads the url_verification handshake', () => {
    expect(parseLarkPush({ challenge: 'ajls384kdjx', token: 'vt', type: 'url_verification' })).toEqual({
      kind: 'url_verification',
      challenge: 'ajls384kdjx',
      token: 'vt',
    });
  });

  it('reads a schema 2.0 event envelope', () => {
    const push = {
      schema: '2.0',
      header: {
        event_id: 'ev_1',
        event_type: 'im.message.receive_v1',
        create_time: '1608725989000',
        token: 'vt',
        app_id: 'cli_x',
        tenant_key: 't',
      },
      event: { message: { message_id: 'om_1' } },
    };
    expect(parseLarkPush(push)).toEqual({
      kind: 'event',
      eventId: 'ev_1',
      eventType: 'im.message.receive_v1',
      token: 'vt',
      createTime: '1608725989000',
      event: { message: { message_id: 'om_1' } },
    });
  });

  it.each([
    ['null', null, 'not_an_object'],
    ['an array', [], 'not_an_object'],
    ['a string', '{"schema":"2.0"}', 'not_an_object'],
    ['an encrypted body', { encrypt: 'abc' }, 'still_encrypted'],
    ['a v1 event', { uuid: 'u', event: { type: 'message' } }, 'unsupported_schema'],
    [
      'an envelope without event_id',
      { schema: '2.0', header: { event_type: 'x', token: 't', create_time: '1' }, event: {} },
      'bad_envelope',
    ],
    [
      'an envelope without event',
      { schema: '2.0', header: { event_id: 'e', event_type: 'x', token: 't', create_time: '1' } },
      'bad_envelope',
    ],
    ['a challenge without challenge', { type: 'url_verification', token: 't' }, 'bad_envelope'],
  ])('refuses %s as invalid', (_name, json, reason) => {
    expect(parseLarkPush(json)).toEqual({ kind: 'invalid', reason });
  });
});
