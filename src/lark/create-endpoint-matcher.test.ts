import { describe, expect, it } from 'vitest';
import type { AllowedEndpoint } from '../config/allowed-endpoints.js';
import { createEndpointMatcher } from './create-endpoint-matcher.js';

const endpoints: AllowedEndpoint[] = [
  { id: 'bot.info', method: 'GET', path: '/open-apis/bot/v3/info', used_by: ['intake'] },
  {
    id: 'bitable.record.update',
    method: 'PUT',
    path: '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records/:record_id',
    used_by: ['live-op'],
  },
  {
    id: 'im.message.patch',
    method: 'PATCH',
    path: '/open-apis/im/v1/messages/:message_id',
    used_by: ['cards'],
  },
];
const match = createEndpointMatcher(endpoints);

describe('createEndpointMatcher', () => {
  it.each([
    ['GET', '/open-apis/bot/v3/info', 'bot.info'],
    ['get', '/open-apis/bot/v3/info', 'bot.info'],
    ['PUT', '/open-apis/bitable/v1/apps/bascnX/tables/tblY/records/recZ', 'bitable.record.update'],
    ['PATCH', '/open-apis/im/v1/messages/om_abc-123', 'im.message.patch'],
  ])('matches %s %s', (method, path, id) => {
    expect(match(method, path)?.id).toBe(id);
  });

  it.each([
    ['POST', '/open-apis/bot/v3/info', 'another method'],
    ['GET', '/open-apis/bot/v3/info/', 'a trailing slash'],
    ['GET', '/open-apis/bot/v3/infox', 'a longer last segment'],
    ['GET', '/x/open-apis/bot/v3/info', 'a prefix'],
    ['PUT', '/open-apis/bitable/v1/apps/bascnX/tables/tblY/records/', 'an empty parameter'],
    ['PUT', '/open-apis/bitable/v1/apps/bascnX/tables/tblY/records/recZ/extra', 'an extra segment'],
    ['PATCH', '/open-apis/im/v1/messages/om_1%2Freply', 'an encoded slash in a parameter'],
    ['PATCH', '/open-apis/im/v1/messages/..', 'a dot-dot parameter'],
    [
      'PUT',
      '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/records/:record_id',
      'the template itself',
    ],
  ])('refuses %s %s (%s)', (method, path) => {
    expect(match(method, path)).toBeUndefined();
  });
});
