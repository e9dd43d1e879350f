import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { findRepoDir } from '../platform/find-repo-dir.js';

export type BuildInfo = { version: string; commit: string | null };

/** The environment variable a build (the Docker image, CI) may set to the commit it was built from. */
export const BUILD_COMMIT_ENV = 'LARKGATE_BUILD_COMMIT';

/**
 * What `alignment.checked` records as "the code that runs": the version in package.json, and the git
 * commit from the build stamp (LARKGATE_BUILD_COMMIT) or, in a checkout, from .git. Read once at start;
 * the commit is null when neither is there (the Docker image has no .git unless stamped).
 */
export function readBuildInfo(
  env: Readonly<Record<string, string | undefined>>,
  repoDir: string = findRepoDir(import.meta.dirname),
): BuildInfo {
  const pkg = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string' || pkg.version === '') throw new Error('package.json has no version');
  const stamped = env[BUILD_COMMIT_ENV]?.trim();
  return { version: pkg.version, commit: stamped ? stamped : readGitCommit(join(repoDir, '.git')) };
}

/**
 * HEAD's commit, read from the files (no git binary): a detached hash, a loose ref or packed-refs. In a
 * linked worktree `.git` is a file (`gitdir: <dir>`) naming the worktree's own git dir, which holds HEAD,
 * while the refs live in the common dir it names in `commondir`.
 */
function readGitCommit(dotGit: string): string | null {
  try {
    let gitDir = dotGit;
    let commonDir = dotGit;
    if (statSync(dotGit).isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!pointer) return null;
      gitDir = isAbsolute(pointer) ? pointer : join(dotGit, '..', pointer);
      const common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
      commonDir = isAbsolute(common) ? common : join(gitDir, common);
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return null;
    try {
      return readFileSync(join(commonDir, ref), 'utf8').trim();
    } catch {
      const packed = readFileSync(join(commonDir, 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((candidate) => candidate.endsWith(` ${ref}`));
      return line ? (line.split(' ')[0] ?? null) : null;
    }
  } catch {
    return null;
  }
}
