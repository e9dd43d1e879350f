export type DedupKind = 'event' | 'message' | 'card';

/** Ids of pushes already handled (Lark re-pushes for hours), shared by every process. */
export type DedupStore = {
  /** True the first time an id is seen within the TTL; false for every repeat. Atomic across processes. */
  firstSeen(kind: DedupKind, id: string): Promise<boolean>;
  /** Forgets an id, so a push that could not be handled is accepted again when Lark retries. */
  forget(kind: DedupKind, id: string): Promise<void>;
};
