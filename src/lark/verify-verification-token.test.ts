import { describe, expect, it } from 'vitest';
import { verifyVerificationToken } from './verify-verification-token.js';

describe('verifyVerificationToken', () => {
  it.each([
    ['the same token', 'vt-123', 'vt-123', true],
    ['another token of the same length', 'vt-123', 'vt-124', false],
    ['a prefix', 'vt-123', 'vt-12', false],
    ['a longer token', 'vt-123', 'vt-1234', false],
    ['an empty expected token, even against an empty one', '', '', false],
    ['a non-string', 'vt-123', 123, false],
    ['undefined', 'vt-123', undefined, false],
  ])('%s', (_name, expected, got, result) => {
    expect(verifyVerificationToken(expected as string, got)).toBe(result);
  });
});
