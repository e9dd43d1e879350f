import { describe, expect, it } from 'vitest';
import { buildLimitNoticeText } from './build-limit-notice-text.js';

describe('buildLimitNoticeText', () => {
  it('says the limit, that this and later over-limit messages are skipped without a reply each, and what to do', () => {
    expect(buildLimitNoticeText({ burst: 20, perMinute: 10, noticeEveryMs: 300_000 }).text).toBe(
      'You have sent more requests than I take from one person at once (20 at once, then 10 a minute), so I ' +
        'skipped this message. For the next 5 min I skip messages over that limit without replying to each. ' +
        'Wait for the answers to your earlier requests, then send again anything that got no answer.',
    );
  });
});
