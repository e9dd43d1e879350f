/**
 * `npm run bench`: every bench/*.bench.ts, one after another, each in its own process (so one bench's
 * servers, memory and timers cannot skew the next), with its output as it comes; then every target the
 * benches reported (issue 17), side by side: figure, target, ratio, PASS/MISS. Exits 1 if any bench failed
 * (a MISS is a figure, not a failure).
 *
 *   npm run bench                 # all but the long ones (LONG below), well under 10 minutes
 *   npm run bench -- governed     # those whose file name contains "governed" (a long one too)
 *   npm run bench -- --all        # every one
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type BenchTarget, TARGET_PREFIX } from './bench-kit.js';

const dir = import.meta.dirname;
/** Benches that take minutes and measure no issue-17 target: run when named, or with --all. */
const LONG = new Set(['crash-recovery.bench.ts']);
const args = process.argv.slice(2);
const all = args.includes('--all');
const filters = args.filter((arg) => arg !== '--all');
const files = (await readdir(dir))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) =>
    filters.length === 0 ? all || !LONG.has(name) : filters.some((filter) => name.includes(filter)),
  )
  .sort();
const skipped = filters.length === 0 && !all ? [...LONG] : [];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), node ${process.version}`;
console.log(`bench: ${machine}; load average at start ${load()}; ${new Date().toISOString()}`);
const runStarted = performance.now();
const failed: string[] = [];
const targets: (BenchTarget & { bench: string })[] = [];
for (const name of files) {
  console.log(`\n=== bench/${name}`);
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, name)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(TARGET_PREFIX)) {
        const target = JSON.parse(line.slice(TARGET_PREFIX.length)) as BenchTarget;
        targets.push({ ...target, bench: name });
        console.log(`  ⟶ ${target.name}: ${target.figure} (target ${target.target}) ${verdict(target)}`);
      } else console.log(line);
    });
    child.once('error', () => resolve(1));
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`=== bench/${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${took} s`);
  if (code !== 0) failed.push(name);
}
if (files.length === 0) console.log(`no bench matches ${filters.join(' ')}`);
if (skipped.length > 0) console.log(`\nnot run (long; name it or pass --all): ${skipped.join(', ')}`);

if (targets.length > 0) {
  console.log(
    `\n=== targets (issue 17), ${machine}; load average at end ${load()}; whole run ${((performance.now() - runStarted) / 1000).toFixed(0)} s`,
  );
  // A ratio of Infinity (e.g. no rate met the target) arrives as null through JSON.
  const ratio = (t: BenchTarget) => (Number.isFinite(t.ratio) ? `${t.ratio.toFixed(2)}×` : '∞');
  const rows = targets.map((t) => [t.name, t.figure, t.target, ratio(t), verdict(t)]);
  const header = ['target', 'figure', 'wanted', 'ratio', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const t of targets.filter((t) => t.note)) console.log(`  ${t.name}: ${t.note}`);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}

function verdict(target: BenchTarget): string {
  return Number.isFinite(target.ratio) && target.ratio <= 1 ? 'PASS' : 'MISS';
}
