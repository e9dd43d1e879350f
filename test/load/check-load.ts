/**
 * `npm run check:load`: the test suite under load, as CI's shared 2-core machines sometimes see it. Runs
 * `vitest run` several times (3 by default, `--runs N`) with CPU-bound processes beside it (2 by default,
 * `--burners N`: `yes > /dev/null`, as the issue that asked for it measured), and reports every test that
 * failed in any run, with its time, plus each run's duration. Exit 0 when every run passed, 1 otherwise.
 * Extra arguments after `--` go to vitest (a file filter, say).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFailures, type LoadFailure, type VitestJsonReport } from './collect-failures.js';

type Options = { runs: number; burners: number; vitestArgs: string[] };

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 3, burners: 2, vitestArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.vitestArgs = argv.slice(i + 1);
      break;
    }
    const value = Number(argv[i + 1]);
    if ((arg === '--runs' || arg === '--burners') && Number.isInteger(value) && value >= 0) {
      options[arg === '--runs' ? 'runs' : 'burners'] = value;
      i++;
      continue;
    }
    process.stderr.write(`check:load: unknown or bad argument ${JSON.stringify(arg)}\n`);
    process.stderr.write('usage: npm run check:load -- [--runs N] [--burners N] [-- <vitest args>]\n');
    process.exit(2);
  }
  if (options.runs < 1) options.runs = 1;
  return options;
}

function startBurners(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn('yes', [], { stdio: ['ignore', 'ignore', 'ignore'] }));
}

async function runSuite(
  run: number,
  reportFile: string,
  vitestArgs: string[],
): Promise<{ code: number; ms: number; report: VitestJsonReport | undefined }> {
  const started = Date.now();
  const args = [
    'vitest',
    'run',
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...vitestArgs,
  ];
  process.stdout.write(`\n== run ${run}: npx ${args.join(' ')}\n`);
  const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number>((resolve) => child.once('exit', (exit) => resolve(exit ?? 1)));
  const text = await readFile(reportFile, 'utf8').catch(() => undefined);
  return {
    code,
    ms: Date.now() - started,
    report: text ? (JSON.parse(text) as VitestJsonReport) : undefined,
  };
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-check-load-'));
  const burners = startBurners(options.burners);
  const stopBurners = () => {
    for (const burner of burners) burner.kill('SIGKILL');
  };
  process.once('SIGINT', () => {
    stopBurners();
    process.exit(130);
  });
  const results: Array<{ run: number; code: number; ms: number; failures: LoadFailure[] }> = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      const { code, ms, report } = await runSuite(run, join(dir, `run-${run}.json`), options.vitestArgs);
      const failures = report ? collectFailures(report, process.cwd()) : [];
      if (code !== 0 && failures.length === 0) {
        // A run can fail outside any test: the global teardown (a redis-server left running), a crash.
        failures.push({
          file: '(run)',
          test: report ? 'failed outside the tests (see the output above)' : 'no report written',
          durationMs: null,
          message: `vitest exited ${code}`,
        });
      }
      results.push({ run, code, ms, failures });
    }
  } finally {
    stopBurners();
    await rm(dir, { recursive: true, force: true });
  }

  process.stdout.write(
    `\n== check:load: ${options.runs} run(s), ${options.burners} CPU-bound process(es) beside\n`,
  );
  for (const { run, code, ms, failures } of results) {
    process.stdout.write(`run ${run}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(ms)}\n`);
    for (const failure of failures) {
      process.stdout.write(
        `  FAIL ${failure.file} > ${failure.test} (${seconds(failure.durationMs)}): ${failure.message}\n`,
      );
    }
  }
  const failed = results.filter((result) => result.code !== 0).length;
  process.stdout.write(
    failed === 0 ? 'no failure in any run\n' : `${failed} of ${results.length} run(s) failed\n`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
