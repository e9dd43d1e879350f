import { describe, expect, it } from 'vitest';
import { quoteChatText } from './quote-chat-text.js';

describe('quoteChatText', () => {
  it.each([
    ['Due Date', '"Due Date"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\temp', '"C:\\\\temp"'],
    ['“curly”', '"\\“curly\\”"'],
    ['', '""'],
  ])('%j → %s', (text, expected) => {
    expect(quoteChatText(text)).toBe(expected);
  });
});
