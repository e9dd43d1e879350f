import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { evaluateAuditFreshness } from './evaluate-audit-freshness.js';

const base = { now: T0, maxLagMs: 120_000 };

describe('evaluateAuditFreshness', () => {
  it.each<[string, number | null | Error, number | null | Error, string]>([
    ['both sinks agree', T0 - 1_000, T0 - 1_200, 'ok'],
    ['both empty', null, null, 'ok'],
    ['the file trails the stream', T0 - 600_000, T0 - 1_000, 'failing'],
    ['the stream trails the file', T0 - 1_000, T0 - 600_000, 'failing'],
    ['the stream cannot be read', T0, new Error('redis down'), 'unknown'],
  ])('%s', (_name, file, stream, status) => {
    const [lag] = evaluateAuditFreshness({ ...base, file, stream });

    expect(lag).toMatchObject({ key: 'audit.lag', status });
  });

  it('names the sink that is behind, and blames Redis for a stream that is behind', () => {
    const [lag] = evaluateAuditFreshness({ ...base, file: T0 - 1_000, stream: T0 - 601_000 });

    expect(lag).toEqual({
      key: 'audit.lag',
      status: 'failing',
      detail: "the stream's newest event is 600 s older than the file's (limit 120 s)",
      causes: ['redis', 'audit.stream'],
    });
  });

  it('silence is checked only when a limit is set', () => {
    expect(evaluateAuditFreshness({ ...base, file: T0 - 7_200_000, stream: null })).toHaveLength(1);
    expect(
      evaluateAuditFreshness({ ...base, file: T0 - 7_200_000, stream: null, maxSilenceMs: 3_600_000 })[1],
    ).toMatchObject({
      key: 'audit.silence',
      status: 'failing',
      detail: 'the newest audit event is 7200 s old (limit 3600 s)',
    });
  });
});
