import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { PolicySource } from '../config/create-policy-source.js';
import { resolveFrom } from '../config/load-config.js';
import type { Audit } from '../ports/audit.js';

export type PolicyWatcher = {
  /** Reloads now (as SIGHUP or a file change would), and audits the outcome. */
  reload(trigger: string): Promise<void>;
  close(): void;
};

/**
 * Reloads the policy on SIGHUP and when one of its files changes (larkgate.yaml, allowed_endpoints.yaml,
 * lark-api-limits.yaml), and audits each outcome as `policy.reloaded` (and `alignment.checked` with the new
 * hash). Directories are watched, not files, so an editor that replaces the file is seen too.
 */
export function watchPolicy(deps: {
  source: PolicySource;
  role: string;
  version: string;
  audit: Audit;
  logger: Logger;
  /** Wait this long after the last change before reloading (editors write in several steps). */
  debounceMs?: number;
  /** Listen for SIGHUP (default true). */
  sighup?: boolean;
}): PolicyWatcher {
  const { source, logger } = deps;
  const initial = source.loaded();
  const files = initial
    ? [
        initial.path,
        resolveFrom(initial.dir, initial.config.files.allowed_endpoints),
        resolveFrom(initial.dir, initial.config.files.lark_api_limits),
      ]
    : [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function reload(trigger: string): Promise<void> {
    const result = await source.reload();
    try {
      await deps.audit({
        type: 'policy.reloaded',
        actor: deps.role,
        requestId: null,
        details: result.ok
          ? { ok: true, trigger, policy_hash: result.hash, changed: result.changed }
          : { ok: false, trigger, problem: result.problem },
      });
      if (result.ok) {
        await deps.audit({
          type: 'alignment.checked',
          actor: deps.role,
          requestId: null,
          details: { version: deps.version, policy_hash: result.hash, trigger },
        });
      }
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'could not audit a policy reload');
    }
    if (result.ok) logger.info({ trigger, hash: result.hash }, 'policy reloaded');
    else
      logger.error({ trigger, problem: result.problem }, 'policy reload failed: not serving until it loads');
  }

  const schedule = (trigger: string) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reload(trigger).catch((error: Error) => logger.error({ err: error.message }, 'policy reload crashed'));
    }, deps.debounceMs ?? 300);
  };

  const watchers: FSWatcher[] = [];
  for (const dir of new Set(files.map((file) => dirname(file)))) {
    const names = new Set(files.filter((file) => dirname(file) === dir).map((file) => basename(file)));
    try {
      const watcher = watch(dir, (_event, filename) => {
        if (filename !== null && names.has(basename(filename.toString()))) schedule('file-change');
      });
      watcher.on('error', (error) => logger.warn({ err: error.message, dir }, 'policy file watch failed'));
      watchers.push(watcher);
    } catch (error) {
      logger.warn(
        { err: (error as Error).message, dir },
        'cannot watch the policy files: reload with SIGHUP',
      );
    }
  }
  const onSighup = () => schedule('sighup');
  if (deps.sighup !== false) process.on('SIGHUP', onSighup);

  return {
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.off('SIGHUP', onSighup);
    },
  };
}
