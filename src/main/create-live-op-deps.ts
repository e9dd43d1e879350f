import { readFile } from 'node:fs/promises';
import { createAuditLineFlusher } from '../app/live-op/create-audit-line-flusher.js';
import type { LiveOpDeps } from '../app/live-op/live-op-deps.js';
import { createCardProgress } from '../app/progress/create-card-progress.js';
import { createBackupStore } from '../backup/create-backup-store.js';
import { encryptBackup } from '../backup/encrypt-backup.js';
import { parseRecipientKeys } from '../backup/parse-recipient-keys.js';
import { ConfigError } from '../config/config-error.js';
import { resolveFrom } from '../config/load-config.js';
import { decide } from '../domain/guard.js';
import type { Decide } from '../ports/decide.js';
import { createBaseLeaser } from '../store/create-base-lease.js';
import { createOutbox } from '../store/create-outbox.js';
import { createRequestStore } from '../store/create-request-store.js';
import type { Runtime } from './create-runtime.js';

/**
 * What the live op needs (the worker, and the drill runner that executes its own requests in-process):
 * the request store, the Base gateway for records and schemas, the base lease, and backups encrypted to
 * the configured recipients.
 */
export async function createLiveOpDeps(
  runtime: Runtime,
  options: {
    lockDurationMs?: number;
    reconcileDelayMs?: number;
    decide?: Decide;
    onFinishStep?: LiveOpDeps['onFinishStep'];
  } = {},
): Promise<LiveOpDeps> {
  const { loaded, logger } = runtime;
  const recipients = await loadRecipients(runtime);
  const backups = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) });
  const requests = createRequestStore(runtime.redis, runtime.keys, runtime.replicaAck);
  const deps: LiveOpDeps = {
    // Every use of the policy goes through the policy source: none in force means refuse (fail closed).
    policy: () => runtime.policy.require(),
    decide: options.decide ?? decide,
    audit: runtime.audit,
    clock: runtime.clock,
    logger,
    requests,
    reader: runtime.gateway,
    writer: runtime.gateway,
    schema: runtime.gateway,
    chat: runtime.messenger,
    // A chat update claimed by a process that died is due again after the same lapse as its stalled job.
    outbox: createOutbox(runtime.redis, runtime.keys, { claimMs: options.lockDurationMs ?? 30_000 }),
    ...(options.onFinishStep ? { onFinishStep: options.onFinishStep } : {}),
    leaseBase: createBaseLeaser(runtime.redis, loaded.config.redis.prefix, options.lockDurationMs ?? 30_000),
    reconcileDelayMs: options.reconcileDelayMs ?? 1_000,
    batchLimits: loaded.limits.batch,
    // A long write's card shows where it stands, at most once a second (src/app/progress).
    onProgress: createCardProgress({
      chat: runtime.messenger,
      policy: () => runtime.policy.require(),
      clock: runtime.clock,
      logger,
      // Progress is not waited for: a patch that comes late must not cover the finished card.
      stillRunning: async (requestId) => (await requests.get(requestId))?.request.state === 'executing',
    }),
    saveBackup: async (plaintext: Uint8Array) => {
      try {
        const saved = await backups.save(await encryptBackup(plaintext, recipients));
        return { backupId: saved.backupId, bytes: saved.bytes };
      } catch (error) {
        runtime.metrics.recordBackupFailure();
        throw error;
      }
    },
  };
  return { ...deps, auditLines: createAuditLineFlusher(deps) };
}

/** The backup recipients' public keys; a key that cannot be read or used is a config error. */
export async function loadRecipients(runtime: Pick<Runtime, 'loaded'>) {
  const { loaded } = runtime;
  const armored: string[] = [];
  for (const [index, path] of loaded.config.backup.recipients.entries()) {
    try {
      armored.push(await readFile(resolveFrom(loaded.dir, path), 'utf8'));
    } catch {
      throw new ConfigError(
        loaded.path,
        `backup.recipients[${index}]`,
        `cannot read public key file ${path}`,
        'config.backup_key_unusable',
      );
    }
  }
  try {
    return await parseRecipientKeys(armored);
  } catch (error) {
    throw new ConfigError(
      loaded.path,
      'backup.recipients',
      (error as Error).message,
      'config.backup_key_unusable',
    );
  }
}
