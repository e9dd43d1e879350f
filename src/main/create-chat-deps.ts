import type { Logger } from 'pino';
import { createDrillEvidence } from '../app/drills/create-drill-evidence.js';
import { DRILL_EVENTS } from '../app/drills/create-drill-outcomes.js';
import { createTableResolver } from '../app/requests/create-table-resolver.js';
import type { RequestsDeps } from '../app/requests/requests-deps.js';
import { type BackupReader, createBackupReader } from '../backup/create-backup-reader.js';
import { createBackupStore } from '../backup/create-backup-store.js';
import { resolveFrom } from '../config/load-config.js';
import { decide } from '../domain/guard.js';
import type { Decide } from '../ports/decide.js';
import { createAuditStreamFeed } from '../store/create-audit-stream-feed.js';
import { createRequestStore } from '../store/create-request-store.js';
import type { Runtime } from './create-runtime.js';

/** The backup store and, when backup.private_key is configured, the reader rollbacks decrypt with. */
export function createBackupAccess(runtime: Runtime) {
  const { loaded, secrets } = runtime;
  const store = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) });
  const reader: BackupReader | null = secrets.backupKey
    ? createBackupReader({
        store,
        privateKeys: [secrets.backupKey.reveal()],
        ...(secrets.backupKeyPassphrase ? { passphrase: secrets.backupKeyPassphrase.reveal() } : {}),
      })
    : null;
  return { store, reader };
}

/**
 * What the chat processors (intake, rollback preparation) need, built once per process. The guard is the
 * real `decide` unless a caller (the probes' test of a weakened guard) passes another.
 */
export function createChatDeps(runtime: Runtime, options: { decide?: Decide } = {}) {
  const requests = createRequestStore(runtime.redis, runtime.keys, runtime.replicaAck);
  const resolveTable = createTableResolver(runtime.gateway, runtime.clock);
  const { reader } = createBackupAccess(runtime);
  // The guard's evidence (the last passing rollback drill), read from the audit stream: one per process.
  const guardEvidence = createDrillEvidence({
    feed: createAuditStreamFeed(runtime.redis, runtime.loaded.config.audit.stream, {
      contains: DRILL_EVENTS,
    }),
    policy: () => runtime.policy.require(),
    clock: runtime.clock,
  });
  return (logger: Logger): RequestsDeps => ({
    policy: () => runtime.policy.require(),
    decide: options.decide ?? decide,
    audit: runtime.audit,
    clock: runtime.clock,
    logger,
    reader: runtime.gateway,
    chat: runtime.messenger,
    people: runtime.people,
    requests,
    resolveTable,
    searchMax: 50,
    readBackup: reader ? (backupId) => reader.read(backupId) : null,
    schema: runtime.gateway,
    guardEvidence,
    decryptBackup: reader ? (backupId) => reader.decrypt(backupId) : null,
  });
}
