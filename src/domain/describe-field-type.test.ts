import { describe, expect, it } from 'vitest';
import { describeFieldType } from './describe-field-type.js';

describe('describeFieldType', () => {
  it.each([
    [2, 'a number field'],
    [17, 'an attachment field'],
    [1005, 'an auto number field'],
    [11, 'a user field'],
    [15, 'a URL field'],
    [99, 'a field of type 99'],
  ])('%i → %s', (type, expected) => {
    expect(describeFieldType(type)).toBe(expected);
  });
});
