import type { ChatDelivery } from '../domain/chat-delivery.js';
import type { ApprovalArtefact, GovernedRequest } from '../domain/governed-request.js';

export type ArtefactStep =
  | { kind: 'mint'; artefact: ApprovalArtefact }
  | { kind: 'consume'; artefactId: string; at: number }
  /** Deletes a minted artefact that was never used, with the transition that undoes the approval. */
  | { kind: 'unmint'; artefactId: string };

export type TransitionResult = 'written' | 'conflict' | 'artefact_used' | 'artefact_missing';

export type StoredRequest = { request: GovernedRequest; raw: string };

/**
 * Requests and their approval artefacts (src/store/create-request-store.ts in Redis). Every change is a
 * compare-and-set that keeps the state indexes in step and writes the chat updates it owes to the outbox in
 * the same atomic step.
 */
export type RequestStore = {
  /** Stores a new request; false if the id is taken. */
  create(request: GovernedRequest): Promise<boolean>;
  get(id: string): Promise<StoredRequest | null>;
  /**
   * Compare-and-set against `expected` (null: the request must not exist yet), optionally minting,
   * consuming or withdrawing an approval artefact; `deliveries` go into the outbox with the change.
   */
  transition(
    expected: StoredRequest | null,
    next: GovernedRequest,
    artefact?: ArtefactStep,
    deliveries?: readonly ChatDelivery[],
  ): Promise<TransitionResult>;
  /**
   * Compare-and-set against `expected` with no artefact or deliveries, answering the request as now stored
   * (its JSON is the next compare-and-set's `expected`, so a caller making a run of changes need not read
   * the request back between them), or null when `expected` is no longer what is stored.
   */
  replace(expected: StoredRequest, next: GovernedRequest): Promise<StoredRequest | null>;
  /**
   * Read-modify-write with retries: `change` sees the current request and returns the next one (or null
   * to leave it). Safe under races: the write only lands if nobody changed the request in between.
   */
  update(
    id: string,
    change: (current: GovernedRequest) => GovernedRequest | null,
    attempts?: number,
    /** Chat updates the change owes (not written when `change` leaves the request). */
    deliveries?: (next: GovernedRequest) => readonly ChatDelivery[],
  ): Promise<GovernedRequest | null>;
  getArtefact(id: string): Promise<ApprovalArtefact | null>;
  /** Ids in an indexed state, oldest (or soonest to expire) first; `maxScore` filters by the index score. */
  listByState(state: 'pending' | 'approved' | 'executing', maxScore?: number): Promise<string[]>;
} & PendingIndex;

/** Pending asks and the records pending requests show (duplicates, outdated diffs). */
export type PendingIndex = {
  /**
   * Claims the pending ask `duplicateKey` for `requestId`; returns the id of the live request that already
   * holds it, or null when this one now does.
   */
  claimAsk(duplicateKey: string, requestId: string, expiresAt: number, now: number): Promise<string | null>;
  /** Records that this pending request shows these records. */
  addOnRecords(request: GovernedRequest, recordIds: readonly string[]): Promise<void>;
  /** The pending requests that show any of these records, each with the records it shows. */
  onRecords(appToken: string, tableId: string, recordIds: readonly string[]): Promise<Map<string, string[]>>;
  removeOnRecords(
    appToken: string,
    tableId: string,
    recordIds: readonly string[],
    requestIds: readonly string[],
  ): Promise<void>;
};
