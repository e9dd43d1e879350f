import type { ChatDelivery } from '../../domain/chat-delivery.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { LiveOpProgress } from '../../domain/live-op-progress.js';
import type { BaseLease } from '../../ports/base-lease.js';
import type { BaseReader } from '../../ports/base-reader.js';
import type { BaseWriter } from '../../ports/base-writer.js';
import type { ChatSender } from '../../ports/chat-sender.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import type { Outbox } from '../../ports/outbox.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { AuditLineFlusher } from './create-audit-line-flusher.js';

/**
 * The steps of a finish, in order: the outcome audited, the final state stored with the chat updates it
 * owes (the outbox), then each update delivered.
 */
export type FinishStep = 'audited' | 'stored' | ChatDelivery['kind'];

export type LiveOpDeps = CommonDeps & {
  requests: RequestStore;
  reader: BaseReader;
  writer: BaseWriter;
  chat: ChatSender;
  /** Chat updates owed by finished requests (card patches, audit-chat lines), delivered until Lark takes them. */
  outbox: Outbox;
  /**
   * Sends audit-chat lines in the background, batched per chat; absent = the live op delivers its line
   * itself before it returns.
   */
  auditLines?: AuditLineFlusher;
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
  /**
   * Told where a long write stands (records, a rollback's relinks, a schema restore): before the first
   * chunk (counting what an earlier attempt already did, as read from the Base or persisted) and after
   * each chunk. The card's progress (src/app/progress); optional.
   */
  onProgress?: (request: GovernedRequest, progress: LiveOpProgress) => Promise<void>;
  batchLimits: Record<'record_batch_create' | 'record_batch_update' | 'record_batch_delete', { max: number }>;
};
