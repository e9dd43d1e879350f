import type { ApprovalArtefact, GovernedRequest, Vote } from '../../domain/governed-request.js';
import type { StoredRequest } from '../../ports/request-store.js';
import type { VoteDeps } from './vote-deps.js';

/** How often, and how far apart, a vote the audit log refused is taken back before a person is asked to. */
const WITHDRAW_ATTEMPTS = 5;
const WITHDRAW_WAIT_MS = 50;

/**
 * Undoes a stored vote whose audit failed. Normally the request is still exactly what this click wrote:
 * put back what it read and delete the unused artefact, in one compare-and-set. If another approver's vote
 * landed on top (the request still pending), take out only this vote. Anything else (another click's
 * transition that may itself be undone in a moment) is retried briefly, then left to a person, loudly.
 */
export async function withdrawVote(
  stored: StoredRequest,
  written: GovernedRequest,
  artefact: ApprovalArtefact | null,
  vote: Vote,
  deps: Pick<VoteDeps, 'requests' | 'logger'>,
): Promise<void> {
  const writtenRaw = JSON.stringify(written);
  const isThisVote = (candidate: Vote) =>
    candidate.voter === vote.voter && candidate.decision === vote.decision && candidate.at === vote.at;
  try {
    for (let attempt = 0; attempt < WITHDRAW_ATTEMPTS; attempt++) {
      const current = await deps.requests.get(stored.request.id);
      if (!current?.request.votes.some(isThisVote)) return;
      if (current.raw === writtenRaw) {
        const undone = await deps.requests.transition(
          current,
          stored.request,
          artefact ? { kind: 'unmint', artefactId: artefact.id } : undefined,
        );
        if (undone === 'written') return;
      } else if (current.request.state === 'pending') {
        const without = { ...current.request, votes: current.request.votes.filter((v) => !isThisVote(v)) };
        if ((await deps.requests.transition(current, without)) === 'written') return;
      } else {
        await new Promise((resolve) => setTimeout(resolve, WITHDRAW_WAIT_MS));
      }
    }
  } catch (error) {
    deps.logger.error(
      { requestId: stored.request.id, voter: vote.voter, err: (error as Error).message },
      'could not withdraw a vote the audit log did not take',
    );
    return;
  }
  deps.logger.error(
    { requestId: stored.request.id, voter: vote.voter },
    'could not withdraw a vote the audit log did not take',
  );
}
