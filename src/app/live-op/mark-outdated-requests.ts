import { buildRequestCard } from '../../../cards/build-request-card.js';
import { touchedRecordIds } from '../../domain/compute-duplicate-key.js';
import { findOutdatedRecords } from '../../domain/find-outdated-records.js';
import type { GovernedRequest, WritePlan } from '../../domain/governed-request.js';
import { findBase } from '../../domain/policy.js';
import type { LiveOpDeps } from './live-op-deps.js';

type Deps = Pick<LiveOpDeps, 'requests' | 'audit' | 'clock' | 'chat' | 'policy' | 'logger'>;

/**
 * After `applied` changed records, every other pending request whose diff it made outdated (a field it
 * shows now holds another value, or the record is gone: find-outdated-records.ts) would end stale at the
 * re-read if approved. Pending requests are found through the records they were noted on. Each
 * is marked (`outdated` on the request, `request.outdated` audited) and its card patched to say so. Best
 * effort, like the card patch it follows: the applied change stands whatever happens here.
 */
export async function markOutdatedRequests(applied: GovernedRequest, deps: Deps): Promise<void> {
  const { plan } = applied;
  const recordIds = touchedRecordIds(plan);
  if (plan.kind !== 'records' || recordIds.length === 0) return;
  if (applied.state !== 'applied' && applied.state !== 'verify_failed') return;
  try {
    const noted = await deps.requests.onRecords(plan.base.appToken, plan.table.id, recordIds);
    const settled = [applied.id];
    for (const id of noted.keys()) {
      if (id === applied.id) continue;
      const marked = await markOne(id, plan, applied.id, deps);
      if (!marked) settled.push(id);
    }
    await deps.requests.removeOnRecords(plan.base.appToken, plan.table.id, recordIds, settled);
  } catch (error) {
    deps.logger.warn(
      { requestId: applied.id, err: (error as Error).message },
      'could not mark pending requests on the same records outdated',
    );
  }
}

/** Marks one request if `applied` outdated it; false when it is no longer pending (it leaves the index). */
async function markOne(id: string, applied: WritePlan, by: string, deps: Deps): Promise<boolean> {
  const stored = await deps.requests.get(id);
  if (stored?.request.state !== 'pending') return false;
  if (stored.request.plan.kind !== 'records') return true;
  if (stored.request.outdated?.some((note) => note.by === by)) return true;
  const recordIds = findOutdatedRecords(applied, stored.request.plan);
  if (recordIds.length === 0) return true;
  await deps.audit({
    type: 'request.outdated',
    actor: 'worker',
    requestId: id,
    details: { changed_by: by, record_ids: recordIds },
  });
  const next = await deps.requests.update(id, (current) =>
    current.state !== 'pending' || current.outdated?.some((note) => note.by === by)
      ? null
      : { ...current, outdated: [...(current.outdated ?? []), { by, recordIds }] },
  );
  if (next?.state !== 'pending') return false;
  if (next.cardMessageId) {
    const base = findBase(deps.policy(), next.plan.base.alias);
    await deps.chat.patchCard(
      next.cardMessageId,
      buildRequestCard({
        request: next,
        approvers: base?.approvers ?? [],
        approverGroups: base?.approverGroups,
        now: deps.clock(),
      }),
    );
  }
  return true;
}
