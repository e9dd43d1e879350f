/**
 * `npm run bench`: every bench/*.bench.ts, one after another, each in its own process (so one bench's
 * servers, memory and timers cannot skew the next), with its output as it comes. Exits 1 if any failed.
 *
 *   npm run bench                 # all of them
 *   npm run bench -- governed     # those whose file name contains "governed"
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

const failed: string[] = [];
for (const name of files) {
  console.log(`\n=== bench/${name}`);
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, name)], { stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`=== bench/${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${took} s`);
  if (code !== 0) failed.push(name);
}
if (files.length === 0) console.log(`no bench matches ${filters.join(' ')}`);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
