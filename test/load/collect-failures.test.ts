import { describe, expect, it } from 'vitest';
import { collectFailures, type VitestJsonReport } from './collect-failures.js';

const root = '/repo';

describe('collectFailures', () => {
  it('names each failed test with its file, time and the first line of its message', () => {
    const report: VitestJsonReport = {
      testResults: [
        {
          name: '/repo/test/e2e/a.e2e.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'a passes', status: 'passed', duration: 5 },
            {
              fullName: 'a pages once',
              status: 'failed',
              duration: 60_012,
              failureMessages: ['Error: Hook timed out in 60000ms.\n    at x'],
            },
          ],
        },
        {
          name: '/repo/src/b.test.ts',
          status: 'passed',
          assertionResults: [{ fullName: 'b', status: 'passed' }],
        },
      ],
    };

    expect(collectFailures(report, root)).toEqual([
      {
        file: 'test/e2e/a.e2e.test.ts',
        test: 'a pages once',
        durationMs: 60_012,
        message: 'Error: Hook timed out in 60000ms.',
      },
    ]);
  });

  it('reports a file that failed with no failed test in it (a beforeAll, an import) as the file', () => {
    const report: VitestJsonReport = {
      testResults: [
        {
          name: '/repo/test/c.test.ts',
          status: 'failed',
          message: 'Hook timed out in 60000ms.\nmore',
          assertionResults: [{ fullName: 'c', status: 'skipped' }],
        },
      ],
    };

    expect(collectFailures(report, root)).toEqual([
      { file: 'test/c.test.ts', test: '(file)', durationMs: null, message: 'Hook timed out in 60000ms.' },
    ]);
  });

  it('finds nothing in a green run', () => {
    expect(collectFailures({ testResults: [] }, root)).toEqual([]);
    expect(collectFailures({}, root)).toEqual([]);
  });
});
