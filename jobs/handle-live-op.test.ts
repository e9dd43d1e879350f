import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RetryLater } from '../src/app/retry-later.js';
import { makeExecution, makePlan, makeRequest } from '../test/builders/make-request.js';
import { fakeLarkFailure } from '../test/fakes/fake-lark-failure.js';
import { makeLiveOpDeps } from '../test/fakes/make-live-op-deps.js';
import { handleLiveOp } from './handle-live-op.js';

const REQUEST_ID = 'req_abcdefghijkl';

async function world() {
  const built = makeLiveOpDeps();
  built.base.addTable(
    'tblTasks0001',
    'Tasks',
    [{ fieldId: 'fldStatus', name: 'Status', type: 3, property: null, isPrimary: false }],
    { recAbc: { Status: 'Open' } },
  );
  await built.store.requests.create(
    makeRequest({
      id: REQUEST_ID,
      plan: makePlan(),
      state: 'executing',
      artefactId: 'art_x',
      execution: makeExecution(),
    }),
  );
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
  return { ...built, deps: { ...built.deps, logger }, warnings };
}

describe('the live-op queue processor', () => {
  it('runs the live op of the job’s request to its end', async () => {
    const w = await world();
    expect(await handleLiveOp({ id: 'job1', data: { requestId: REQUEST_ID } }, w.deps)).toBe('applied');
    expect(w.base.table('tblTasks0001').records.get('recAbc')).toEqual({ Status: 'Done' });
  });

  it('refuses a job whose data is not a request id, running nothing', async () => {
    const w = await world();
    await expect(handleLiveOp({ id: 'job1', data: { requestId: 'x; rm -rf' } }, w.deps)).rejects.toThrow();
    expect(w.base.calls).toEqual([]);
  });

  it('hands a throttled op back to BullMQ as RetryLater, saying it will retry', async () => {
    const w = await world();
    w.base.failNext('updateRecord', fakeLarkFailure('rate_limited', { retryAfterMs: 1_000 }));
    await expect(
      handleLiveOp({ id: 'job1', data: { requestId: REQUEST_ID } }, w.deps),
    ).rejects.toBeInstanceOf(RetryLater);
    expect(w.warnings).toContain('live op will retry');
  });
});
