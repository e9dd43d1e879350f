import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PolicyFile } from '../ports/policy-file.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { setBaseStage } from './set-base-stage.js';

/**
 * The policy file at `path`: an edit is written to a staging file beside it (so relative paths resolve the
 * same), validated with the real loader, and only then renamed over it.
 */
export function createPolicyFile(path: string): PolicyFile {
  return {
    path,
    async stageBaseStage(alias, to) {
      const next = setBaseStage(await readFile(path, 'utf8'), path, alias, to);
      const staged = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.promote`);
      await writeFile(staged, next, { mode: 0o600 });
      try {
        const hash = (await loadConfig(staged)).policy.hash;
        return { kind: 'valid', hash, commit: () => rename(staged, path) };
      } catch (error) {
        await rm(staged, { force: true });
        if (error instanceof ConfigError) return { kind: 'invalid', problem: error.problem, key: error.key };
        throw error;
      }
    },
  };
}
