import { describe, expect, it } from 'vitest';
import { computeTimeToPage, DETECTION_PATH_KINDS } from '../../src/monitoring/compute-time-to-page.js';
import { COMPRESSED, COMPRESSION, PRODUCTION } from './monitoring-harness.js';

describe('the e2e tests’ compressed monitoring', () => {
  it.each(DETECTION_PATH_KINDS)(
    'is the production defaults ÷ COMPRESSION: the %s bound scales exactly',
    (path) => {
      expect(computeTimeToPage(COMPRESSED, path) * COMPRESSION).toBe(computeTimeToPage(PRODUCTION, path));
    },
  );

  it('escalation and re-open windows are compressed alike', () => {
    expect(COMPRESSED.escalate_after * COMPRESSION).toBe(PRODUCTION.escalate_after);
    expect(COMPRESSED.reopen_within * COMPRESSION).toBe(PRODUCTION.reopen_within);
  });
});
