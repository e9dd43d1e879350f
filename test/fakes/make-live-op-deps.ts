import pino from 'pino';
import type { LiveOpDeps } from '../../src/app/live-op/live-op-deps.js';
import { decide } from '../../src/domain/guard.js';
import type { Policy } from '../../src/domain/policy.js';
import { makePolicy } from '../builders/make-policy.js';
import { T0 } from '../builders/make-request.js';
import { createFakeAudit } from './fake-audit.js';
import { createFakeBackupStore } from './fake-backup-store.js';
import { createFakeBase } from './fake-base.js';
import { createFakeChat } from './fake-chat.js';
import { createFakeClock } from './fake-clock.js';
import { createFakeLeases } from './fake-lease.js';
import { createFakeRequestStore } from './fake-request-store.js';

/**
 * The live op's dependencies, every port an in-memory fake: one Base (records and schema), the request
 * store with its outbox, audit, backups, chat, leases and a clock. `log` holds the order of Base calls,
 * backups and audit events across them.
 */
export function makeLiveOpDeps(options: { policy?: Policy; batchMax?: number; schema?: boolean } = {}) {
  const log: string[] = [];
  const time = createFakeClock(T0 + 60_000);
  const base = createFakeBase({ log });
  const store = createFakeRequestStore({ clock: time.clock });
  const audit = createFakeAudit({ log });
  const backups = createFakeBackupStore({ log });
  const chat = createFakeChat();
  const leases = createFakeLeases();
  const max = options.batchMax ?? 500;
  const deps: LiveOpDeps = {
    policy: () => options.policy ?? makePolicy(),
    decide,
    audit: audit.audit,
    clock: time.clock,
    logger: pino({ level: 'silent' }),
    ...(options.schema === false ? {} : { schema: base.ports }),
    requests: store.requests,
    reader: base.ports,
    writer: base.ports,
    chat: chat.chat,
    outbox: store.outbox,
    saveBackup: backups.saveBackup,
    leaseBase: leases.leaseBase,
    reconcileDelayMs: 0,
    batchLimits: {
      record_batch_create: { max },
      record_batch_update: { max },
      record_batch_delete: { max },
    },
  };
  return { deps, log, time, base, store, audit, backups, chat, leases };
}
