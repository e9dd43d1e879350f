import type { Logger } from 'pino';
import type { GuardEvidence } from '../domain/guard.js';
import type { Policy } from '../domain/policy.js';
import type { Audit } from './audit.js';
import type { Clock } from './clock.js';
import type { Decide } from './decide.js';
import type { SchemaGateway } from './schema-gateway.js';

/** What every processor needs from the outside world. Real adapters satisfy the ports; tests pass fakes. */
export type CommonDeps = {
  /** The policy in force now (it may be reloaded). */
  policy: () => Policy;
  /** The guard every action is judged by (src/main passes the real `decide`). */
  decide: Decide;
  audit: Audit;
  clock: Clock;
  logger: Logger;
  /** Schema ops (issue 4). Absent: this process cannot change schemas, and schema requests fail closed. */
  schema?: SchemaGateway;
  /**
   * Recorded evidence the guard judges write requests by (the last passing rollback drill). Absent, or
   * rejecting: no evidence, so writes on a base whose tier has a drill rule are refused.
   */
  guardEvidence?: () => Promise<GuardEvidence>;
  /** The decrypted bytes of one of Larkgate's backups (schema rollbacks read their own format). */
  decryptBackup?: ((backupId: string) => Promise<Uint8Array>) | null;
};
