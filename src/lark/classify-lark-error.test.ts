import { describe, expect, it } from 'vitest';
import type { LarkErrorKind } from '../ports/lark-error-kind.js';
import { classifyLarkError, type FailedLarkCall } from './classify-lark-error.js';
import { isRetryable } from './is-retryable.js';

const read = (facts: Omit<FailedLarkCall, 'write'>): FailedLarkCall => ({ ...facts, write: false });
const write = (facts: Omit<FailedLarkCall, 'write'>): FailedLarkCall => ({ ...facts, write: true });

describe('classifyLarkError', () => {
  it.each<[string, FailedLarkCall, LarkErrorKind]>([
    ['HTTP 429', write({ httpStatus: 429, code: 99991400 }), 'rate_limited'],
    ['HTTP 400 + 99991400 (older APIs)', read({ httpStatus: 400, code: 99991400 }), 'rate_limited'],
    ['HTTP 200 + 1254290 TooManyRequest', write({ httpStatus: 200, code: 1254290 }), 'rate_limited'],
    ['1254112 TooManyRequestInSingleBase', write({ httpStatus: 200, code: 1254112 }), 'rate_limited'],
    ['1254040 base not found', read({ httpStatus: 200, code: 1254040 }), 'not_found'],
    ['1254043 record not found', write({ httpStatus: 200, code: 1254043 }), 'not_found'],
    ['1254045 field name not found', write({ httpStatus: 200, code: 1254045 }), 'field_not_found'],
    ['1254060 text conversion failed', write({ httpStatus: 200, code: 1254060 }), 'bad_value'],
    ['1254074 duplex link conversion (HTTP 400)', write({ httpStatus: 400, code: 1254074 }), 'bad_value'],
    ['403 + 1254302 permission denied', write({ httpStatus: 403, code: 1254302 }), 'permission'],
    ['99991672 missing scope', read({ httpStatus: 400, code: 99991672 }), 'permission'],
    ['1254291 write conflict', write({ httpStatus: 200, code: 1254291 }), 'conflict'],
    ['1254607 data not ready', write({ httpStatus: 400, code: 1254607 }), 'conflict'],
    ['1254104 batch too large', write({ httpStatus: 200, code: 1254104 }), 'too_large'],
    ['10003 bad app credentials', read({ httpStatus: 200, code: 10003 }), 'auth'],
    ['10014 app secret invalid', read({ httpStatus: 200, code: 10014 }), 'auth'],
    ['99991663 invalid token', read({ httpStatus: 400, code: 99991663 }), 'auth'],
    ['99991661 no token', write({ httpStatus: 400, code: 99991661 }), 'auth'],
    ['500 on a read', read({ httpStatus: 500, code: 1255001 }), 'transient'],
    ['1255040 timeout (504) on a read', read({ httpStatus: 504, code: 1255040 }), 'transient'],
    ['a timeout on a read', read({ transport: 'timeout' }), 'transient'],
    ['500 on a write', write({ httpStatus: 500, code: 1255001 }), 'ambiguous'],
    ['1255040 timeout (504) on a write', write({ httpStatus: 504, code: 1255040 }), 'ambiguous'],
    ['1255002 as HTTP 200 on a write', write({ httpStatus: 200, code: 1255002 }), 'ambiguous'],
    ['a bare 502 on a write', write({ httpStatus: 502 }), 'ambiguous'],
    ['our timeout on a write', write({ transport: 'timeout' }), 'ambiguous'],
    ['socket hang up on a write', write({ transport: 'connection_lost' }), 'ambiguous'],
    ['a refused connection on a write (never sent)', write({ transport: 'connection_refused' }), 'transient'],
    ['1254608 same request resubmitted', write({ httpStatus: 403, code: 1254608 }), 'ambiguous'],
    [
      '1254034 last table (403) is not a permission problem',
      write({ httpStatus: 403, code: 1254034 }),
      'permanent',
    ],
    ['a bare 403', read({ httpStatus: 403 }), 'permission'],
    ['230002 bot not in group', write({ httpStatus: 400, code: 230002 }), 'permanent'],
    ['1254018 invalid filter', read({ httpStatus: 200, code: 1254018 }), 'permanent'],
    ['99991201 path not found', read({ httpStatus: 404, code: 99991201 }), 'permanent'],
  ])('%s', (_name, failure, kind) => {
    expect(classifyLarkError(failure)).toBe(kind);
  });

  it.each<[LarkErrorKind, boolean]>([
    ['rate_limited', true],
    ['conflict', true],
    ['transient', true],
    ['ambiguous', false],
    ['not_found', false],
    ['permission', false],
    ['auth', false],
    ['bad_value', false],
    ['permanent', false],
  ])('isRetryable(%s) is %s', (kind, retryable) => {
    expect(isRetryable(kind)).toBe(retryable);
  });
});
