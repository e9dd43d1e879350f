import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IncomingMessage } from '../../jobs/queue-names.js';
import type { CardAction } from '../app/approvals/card-action.js';
import type { CardAnswer } from '../app/approvals/card-answer.js';
import type { Secret } from '../config/secret.js';
import type { Audit } from '../ports/audit.js';
import type { DedupStore } from '../ports/dedup-store.js';
import type { PushRefusals } from './create-push-refusals.js';
import type { ReadinessCheck } from './readiness-check.js';
import type { PreviousKey } from './receive-lark-push.js';

export type HttpDeps = {
  encryptKey: Secret;
  /** While an encrypt-key rotation overlaps: the old key, accepted until its deadline. */
  previousEncryptKey?: PreviousKey | null;
  verificationToken: Secret;
  windowSeconds: number;
  clock: () => number;
  logger: Logger;
  audit: Audit;
  /** The per-source rate limit and the tally of refused pushes and clicks (one audit line per window). */
  refusals: PushRefusals;
  /** Express `trust proxy` (`server.trust_proxy`): which hops may name the client. Default: none. */
  trustProxy?: boolean | number | string;
  dedup: DedupStore;
  /** The bot's own open_id, to tell whether a group message mentions it. */
  botOpenId: () => string;
  enqueueMessage: (message: IncomingMessage) => Promise<void>;
  handleCardAction: (action: CardAction) => Promise<CardAnswer>;
  /**
   * Why no policy is in force (it could not be loaded, validated or did not match its pin), or null. While
   * there is a reason, the Lark routes answer 503 (Lark retries) and readiness says why.
   */
  policyProblem: () => string | null;
  /** Named readiness checks for `/readyz` (besides the policy): each null when ready, else why not. */
  readiness: readonly ReadinessCheck[];
  /** This process's Prometheus registry, served at `/metrics`. */
  metrics?: Registry;
};
