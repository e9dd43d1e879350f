import { readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export type LeakedRedisServer = { pid: number; dir: string; testFile: string | undefined };

/**
 * The redis-server processes still running that a test run started. Every file of the run has its own temp
 * folder under `runRoot` (see mark-test-file.ts), a private redis-server keeps its data in a folder made
 * there and runs with that folder as its working directory; so a redis-server whose cwd is under `runRoot`
 * came from this run, and the file's folder names the test file (its `.test-file`). redis-server rewrites
 * its argv and environment for its process title, so neither can be used. Linux only (/proc); elsewhere it
 * finds none.
 */
export async function findLeakedRedisServers(runRoot: string): Promise<LeakedRedisServer[]> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const leaked: LeakedRedisServer[] = [];
  for (const pid of pids) {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (!comm.startsWith('redis-server')) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (!cwd.startsWith(runRoot + sep)) continue;
    const fileDir = relative(runRoot, cwd).split(sep)[0] ?? '';
    const testFile = await readFile(join(runRoot, fileDir, '.test-file'), 'utf8').catch(() => undefined);
    leaked.push({ pid: Number(pid), dir: cwd, testFile });
  }
  return leaked;
}
