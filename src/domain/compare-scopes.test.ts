import { describe, expect, it } from 'vitest';
import { compareScopes } from './compare-scopes.js';

describe('compareScopes', () => {
  it.each([
    [['bitable:app'], ['bitable:app'], [{ scope: 'bitable:app', status: 'granted' }], []],
    [
      ['bitable:app:readonly'],
      ['bitable:app'],
      [{ scope: 'bitable:app:readonly', status: 'granted', via: 'bitable:app' }],
      [],
    ],
    [
      ['bitable:app'],
      ['bitable:app:readonly'],
      [{ scope: 'bitable:app', status: 'missing' }],
      ['bitable:app:readonly'],
    ],
    [
      ['im:message:send_as_bot'],
      ['im:message', 'drive:drive'],
      [{ scope: 'im:message:send_as_bot', status: 'granted', via: 'im:message' }],
      ['drive:drive'],
    ],
    [[], ['x:y'], [], ['x:y']],
  ])('needed %j, granted %j', (needed, granted, checks, extra) => {
    expect(compareScopes(needed, granted)).toEqual({ needed: checks, extra });
  });
});
