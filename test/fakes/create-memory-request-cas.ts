import type { ApprovalArtefact, GovernedRequest } from '../../src/domain/governed-request.js';
import type {
  ArtefactStep,
  RequestStore,
  StoredRequest,
  TransitionResult,
} from '../../src/ports/request-store.js';

/**
 * An in-memory request store with the real one's compare-and-set: `transition` writes only when the stored
 * JSON is exactly what the caller read, and mints or withdraws the artefact in the same step. `conflicts`
 * makes the next N transitions lose (as when another click's write landed first).
 */
export function createMemoryRequestCas(initial: readonly GovernedRequest[] = []) {
  const raws = new Map<string, string>(initial.map((request) => [request.id, JSON.stringify(request)]));
  const artefacts = new Map<string, ApprovalArtefact>();
  let conflicts = 0;
  const store: Pick<RequestStore, 'get' | 'transition'> = {
    async get(id: string): Promise<StoredRequest | null> {
      const raw = raws.get(id);
      return raw === undefined ? null : { request: JSON.parse(raw) as GovernedRequest, raw };
    },
    async transition(
      expected: StoredRequest | null,
      next: GovernedRequest,
      artefact?: ArtefactStep,
    ): Promise<TransitionResult> {
      if (conflicts > 0) {
        conflicts -= 1;
        return 'conflict';
      }
      if ((raws.get(next.id) ?? '') !== (expected?.raw ?? '')) return 'conflict';
      raws.set(next.id, JSON.stringify(next));
      if (artefact?.kind === 'mint') artefacts.set(artefact.artefact.id, artefact.artefact);
      if (artefact?.kind === 'unmint') artefacts.delete(artefact.artefactId);
      return 'written';
    },
  };
  return {
    store,
    artefacts,
    /** The request as stored now. */
    current: (id: string) => {
      const raw = raws.get(id);
      return raw === undefined ? null : (JSON.parse(raw) as GovernedRequest);
    },
    loseNextTransitions(count: number) {
      conflicts = count;
    },
  };
}
