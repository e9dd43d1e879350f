import { describe, expect, it } from 'vitest';
import { computeTimeToPage, type DetectionPath } from '../../src/monitoring/compute-time-to-page.js';
import { COMPRESSED, COMPRESSION, PRODUCTION } from './monitoring-harness.js';

const PATHS: DetectionPath[] = [
  'direct',
  'heartbeat',
  'probe',
  'token_refresh',
  'probes_stale',
  'audit_lag',
  'audit_silence',
];

describe('the e2e tests’ compressed monitoring', () => {
  it.each(PATHS)('is the production defaults ÷ COMPRESSION: the %s bound scales exactly', (path) => {
    expect(computeTimeToPage(COMPRESSED, path) * COMPRESSION).toBe(computeTimeToPage(PRODUCTION, path));
  });

  it('escalation and re-open windows are compressed alike', () => {
    expect(COMPRESSED.escalate_after * COMPRESSION).toBe(PRODUCTION.escalate_after);
    expect(COMPRESSED.reopen_within * COMPRESSION).toBe(PRODUCTION.reopen_within);
  });
});
