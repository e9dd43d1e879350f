import type { FieldSpec } from '../../src/domain/governed-request.js';
import { makeExecution, makePlan, makeRequest } from '../builders/make-request.js';
import { makeLiveOpDeps } from './make-live-op-deps.js';

export const TASKS_TABLE = 'tblTasks0001';
export const STATUS_FIELD: FieldSpec = {
  fieldId: 'fldStatus',
  name: 'Status',
  type: 3,
  property: { options: [{ name: 'Open' }] },
  isPrimary: false,
};
export const TITLE_FIELD: FieldSpec = {
  fieldId: 'fldTitle',
  name: 'Title',
  type: 1,
  property: null,
  isPrimary: true,
};

/**
 * A fake Base whose Tasks table holds `ids`, each with Status Open, and an executing batch delete of all of
 * them (batch limit 500), stored: the start of a long live op.
 */
export async function makeOpenTasksDelete(ids: readonly string[]) {
  const world = makeLiveOpDeps({ batchMax: 500 });
  world.base.addTable(
    TASKS_TABLE,
    'Tasks',
    [TITLE_FIELD, STATUS_FIELD],
    Object.fromEntries(ids.map((id) => [id, { Status: 'Open' }])),
  );
  const request = makeRequest({
    plan: makePlan({
      op: 'batch-delete',
      changes: ids.map((recordId) => ({ recordId, before: { Status: 'Open' }, after: null })),
    }),
    state: 'executing',
    artefactId: 'art_x',
    execution: makeExecution(),
  });
  await world.store.requests.create(request);
  return { world, request };
}
