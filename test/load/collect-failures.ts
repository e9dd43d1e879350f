/** The parts of Vitest's JSON reporter output (`--reporter=json`) this reads. */
export type VitestJsonReport = {
  numFailedTests?: number;
  numTotalTests?: number;
  success?: boolean;
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{
      fullName: string;
      status: string;
      duration?: number | null;
      failureMessages?: string[];
    }>;
  }>;
};

export type LoadFailure = {
  file: string;
  /** The test's full name, or `(file)` when the file itself failed (a hook, an import, a crash). */
  test: string;
  durationMs: number | null;
  /** The first line of the first failure message. */
  message: string;
};

const firstLine = (text: string | undefined) => (text ?? '').trim().split('\n')[0] ?? '';

/**
 * Every failure in one run's report, a test at a time; a file that failed with no failed test in it (a
 * hook that timed out before any test, an import error) is one failure named `(file)`.
 */
export function collectFailures(report: VitestJsonReport, root: string): LoadFailure[] {
  const failures: LoadFailure[] = [];
  for (const file of report.testResults ?? []) {
    const name = file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      failures.push({
        file: name,
        test: test.fullName,
        durationMs: test.duration ?? null,
        message: firstLine(test.failureMessages?.[0]),
      });
    }
    if (file.status === 'failed' && failed.length === 0) {
      failures.push({ file: name, test: '(file)', durationMs: null, message: firstLine(file.message) });
    }
  }
  return failures;
}
