import type { GovernedRequest } from '../../domain/governed-request.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import type { RequestStore } from '../../ports/request-store.js';

/** What a vote needs: the guard and audit log, the request store's read and compare-and-set, the live-op queue. */
export type VoteDeps = Pick<CommonDeps, 'policy' | 'decide' | 'audit' | 'clock' | 'logger'> & {
  requests: Pick<RequestStore, 'get' | 'transition'>;
  /** Queues the live op (job id = request id, so a repeat is a no-op). */
  enqueueLiveOp: (request: GovernedRequest) => Promise<void>;
};
