import type { LarkApiLimits } from '../src/config/lark-api-limits.js';
import type { ChatDelivery } from '../src/domain/chat-delivery.js';
import type { BaseReader } from '../src/ports/base-reader.js';
import type { BaseWriter } from '../src/ports/base-writer.js';
import type { ChatSender } from '../src/ports/chat-sender.js';
import type { CommonDeps } from '../src/ports/common-deps.js';
import type { Outbox } from '../src/ports/outbox.js';
import type { RequestStore } from '../src/ports/request-store.js';

/**
 * The steps of a finish, in order: the outcome audited, the final state stored with the chat updates it
 * owes (the outbox), then each update delivered.
 */
export type FinishStep = 'audited' | 'stored' | ChatDelivery['kind'];

/** A lease on one base: at most one in-flight write per Base, even if a stalled job runs twice. */
export type BaseLease = { release(): Promise<void> };

export type LiveOpDeps = CommonDeps & {
  requests: RequestStore;
  reader: BaseReader;
  writer: BaseWriter;
  chat: ChatSender;
  /** Chat updates owed by finished requests (card patches, audit-chat lines), delivered until Lark takes them. */
  outbox: Outbox;
  /** Called after each step of a finish; the worker's tests kill it there (LARKGATE_TEST_KILL_AT). */
  onFinishStep?: (step: FinishStep) => void;
  /** Encrypts the plaintext to the backup recipients, stores it content-addressed, returns the backup id. */
  saveBackup: (plaintext: Uint8Array) => Promise<{ backupId: string; bytes: number }>;
  /** Null when another worker holds the base. */
  leaseBase: (alias: string) => Promise<BaseLease | null>;
  /** How long to wait before reading back after an ambiguous write. */
  reconcileDelayMs: number;
  /**
   * Lark's batch ceilings (`batch:` in lark-api-limits.yaml): multi-record writes go in chunks of at most
   * `record_batch_create` / `_update` / `_delete`, progress persisted after each.
   */
  batchLimits: Pick<
    LarkApiLimits['batch'],
    'record_batch_create' | 'record_batch_update' | 'record_batch_delete'
  >;
};
