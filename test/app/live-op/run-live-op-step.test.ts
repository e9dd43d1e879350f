import { describe, expect, it } from 'vitest';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import { runLiveOpStep } from '../../../src/app/live-op/run-live-op-step.js';
import { RetryLater } from '../../../src/app/retry-later.js';
import type {
  FieldSpec,
  GovernedRequest,
  RecordChange,
  SchemaPlan,
} from '../../../src/domain/governed-request.js';
import type { WriteOpName } from '../../../src/domain/policy.js';
import { makeExecution, makePlan, makeRequest } from '../../builders/make-request.js';
import { fakeLarkFailure } from '../../fakes/fake-lark-failure.js';
import { makeLiveOpDeps } from '../../fakes/make-live-op-deps.js';

/**
 * The live op's step machine (src/app/live-op/run-live-op-step.ts and its two planners) against in-memory
 * fakes of every port: what a requester and an auditor would see — the Base, the request's state and
 * problem, the backup, the audit events — for each way a live op can go.
 */

const TABLE = 'tblTasks0001';
const STATUS: FieldSpec = {
  fieldId: 'fldStatus',
  name: 'Status',
  type: 3,
  property: { options: [{ name: 'Open' }, { name: 'Done' }, { name: 'Blocked' }] },
  isPrimary: false,
};
const TITLE: FieldSpec = { fieldId: 'fldTitle', name: 'Title', type: 1, property: null, isPrimary: true };

/** A Base holding the Tasks table, and a request for `op` already executing (its artefact consumed). */
async function setUp(
  options: { op?: WriteOpName; changes?: RecordChange[]; records?: Record<string, { Status: string }> } = {},
) {
  const world = makeLiveOpDeps();
  world.base.addTable(TABLE, 'Tasks', [TITLE, STATUS], options.records ?? { recAbc: { Status: 'Open' } });
  const request = makeRequest({
    plan: makePlan({ op: options.op ?? 'update', ...(options.changes ? { changes: options.changes } : {}) }),
    state: 'executing',
    artefactId: 'art_x',
    execution: makeExecution(),
  });
  await world.store.requests.create(request);
  return { ...world, request };
}

async function stored(
  world: { store: { requests: { get(id: string): Promise<{ request: GovernedRequest } | null> } } },
  id: string,
) {
  const found = await world.store.requests.get(id);
  if (!found) throw new Error(`no request ${id}`);
  return found.request;
}

const WRITES = [
  'createRecord',
  'updateRecord',
  'deleteRecord',
  'batchCreateRecords',
  'batchUpdateRecords',
  'batchDeleteRecords',
] as const;

describe('a records live op', () => {
  it('backs up the before-state, then writes once, reads back and ends applied', async () => {
    const world = await setUp();

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.table(TABLE).records.get('recAbc')).toEqual({ Status: 'Done' });
    expect(world.base.count(...WRITES)).toBe(1);
    // The backup is saved and audited before the first write.
    expect(world.log.indexOf('backup.save')).toBeLessThan(world.log.indexOf('base.updateRecord'));
    expect(world.log.indexOf('audit.backup.created')).toBeLessThan(world.log.indexOf('base.updateRecord'));
    expect(world.audit.types()).toEqual(['backup.created', 'op.applied', 'op.verified']);
    const request = await stored(world, world.request.id);
    expect(request.execution?.verification).toEqual({ ok: true, mismatches: [] });
    const backupId = request.execution?.backupId as string;
    expect(world.backups.document(backupId)).toMatchObject({
      request_id: world.request.id,
      records: [{ record_id: 'recAbc', fields: { Status: 'Open' } }],
    });
  });

  it('stops as stale when the record changed since approval: no backup, no write', async () => {
    const world = await setUp({ records: { recAbc: { Status: 'Blocked' } } });

    expect(await runLiveOp(world.request.id, world.deps)).toBe('stale');

    expect(world.base.count(...WRITES)).toBe(0);
    expect(world.backups.saved.size).toBe(0);
    expect(world.base.table(TABLE).records.get('recAbc')).toEqual({ Status: 'Blocked' });
    const request = await stored(world, world.request.id);
    expect(request.execution?.problem).toContain('the target changed since approval');
    expect(world.audit.types()).toEqual(['op.stale']);
  });

  it('stops as stale when the target already has the approved values: nothing is written twice', async () => {
    const world = await setUp({ records: { recAbc: { Status: 'Done' } } });

    expect(await runLiveOp(world.request.id, world.deps)).toBe('stale');

    expect(world.base.count(...WRITES)).toBe(0);
    expect((await stored(world, world.request.id)).execution?.problem).toBe(
      'the target already has the approved values: nothing was written',
    );
  });

  it('ends verify_failed, with what differs, when the write reads back other than approved', async () => {
    const world = await setUp();
    world.base.distortWrites((cells) => ({ ...cells, Status: 'Blocked' }));

    expect(await runLiveOp(world.request.id, world.deps)).toBe('verify_failed');

    const request = await stored(world, world.request.id);
    expect(request.execution?.verification?.ok).toBe(false);
    expect(request.execution?.verification?.mismatches.join(' ')).toContain('Status');
    expect(world.audit.types()).toEqual(['backup.created', 'op.applied', 'op.verify_failed']);
  });

  it('persists every step: a worker that dies after the write resumes by reading, and writes nothing again', async () => {
    const world = await setUp();
    const steps: string[] = [];
    const step = async () => {
      const current = await stored(world, world.request.id);
      await runLiveOpStep({ request: current, raw: JSON.stringify(current) }, world.deps);
      steps.push((await stored(world, world.request.id)).execution?.step ?? 'none');
    };
    await step();
    await step();
    expect(steps).toEqual(['backed_up', 'writing']);

    // The write lands, then the process dies before `written` is stored.
    world.store.failNextUpdate();
    await expect(step()).rejects.toThrow('the worker died');
    expect((await stored(world, world.request.id)).execution?.step).toBe('writing');
    expect(world.base.count('updateRecord')).toBe(1);

    // Another worker picks the job up: it reads, finds the change landed, and only verifies.
    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');
    expect(world.base.count('updateRecord')).toBe(1);
    const applied = world.audit.events.filter((event) => event.type === 'op.applied');
    expect(applied.at(-1)?.details).toMatchObject({ written_now: 0, reconciled: true });
  });

  it('an ambiguous write that landed is reconciled by reading: one write, applied', async () => {
    const world = await setUp();
    world.base.failNext(
      'updateRecord',
      fakeLarkFailure('ambiguous', { endpointId: 'bitable.record.update' }),
      {
        landed: true,
      },
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.count('updateRecord')).toBe(1);
    expect((await stored(world, world.request.id)).execution?.attempts).toBe(2);
  });

  it('an ambiguous write that did not land is written again after reading', async () => {
    const world = await setUp();
    world.base.failNext(
      'updateRecord',
      fakeLarkFailure('ambiguous', { endpointId: 'bitable.record.update' }),
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.count('updateRecord')).toBe(2);
    expect(world.base.table(TABLE).records.get('recAbc')).toEqual({ Status: 'Done' });
  });

  it('an ambiguous batch create is adopted by content: no record is created twice', async () => {
    const changes: RecordChange[] = [
      { recordId: null, before: null, after: { Status: 'Open' } },
      { recordId: null, before: null, after: { Status: 'Done' } },
    ];
    const world = await setUp({ op: 'create', changes, records: {} });
    world.base.failNext(
      'batchCreateRecords',
      fakeLarkFailure('ambiguous', { endpointId: 'bitable.record.batch_create' }),
      { landed: true },
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.count('batchCreateRecords')).toBe(1);
    expect([...world.base.table(TABLE).records.values()]).toEqual([{ Status: 'Open' }, { Status: 'Done' }]);
    const request = await stored(world, world.request.id);
    expect(request.execution?.createdRecordIds).toEqual([...world.base.table(TABLE).records.keys()]);
  });

  it('a throttled write is retried later, after Lark’s wait, with the step kept and the base released', async () => {
    const world = await setUp();
    world.base.failNext(
      'updateRecord',
      fakeLarkFailure('rate_limited', {
        endpointId: 'bitable.record.update',
        code: 1254290,
        retryAfterMs: 3_000,
      }),
    );

    const thrown = await runLiveOp(world.request.id, world.deps).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(RetryLater);
    expect((thrown as RetryLater).delayMs).toBe(3_000);
    expect((await stored(world, world.request.id)).execution?.step).toBe('writing');
    expect(world.leases.held.size).toBe(0);
    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');
  });

  it('a write Lark refuses for good ends failed with Lark’s reason', async () => {
    const world = await setUp();
    world.base.failNext(
      'updateRecord',
      fakeLarkFailure('bad_value', {
        endpointId: 'bitable.record.update',
        code: 1254062,
        msg: 'SingleSelectFieldConvFail',
      }),
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('failed');

    expect((await stored(world, world.request.id)).execution?.problem).toBe(
      'Lark refused the write: SingleSelectFieldConvFail (code 1254062)',
    );
    expect(world.audit.types()).toEqual(['backup.created', 'op.failed']);
  });

  it('a re-read Lark refuses for good ends failed before anything is written', async () => {
    const world = await setUp();
    world.base.failNext(
      'listFields',
      fakeLarkFailure('permission', { code: 1254302, msg: 'RolePermNotAllow' }),
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('failed');

    expect(world.base.count(...WRITES)).toBe(0);
    expect((await stored(world, world.request.id)).execution?.problem).toContain('nothing was written');
  });
});

const TEMP = 'tblTemp00001';
const PRIORITY: FieldSpec = { fieldId: null, name: 'Priority', type: 1, property: null, isPrimary: false };

function schemaPlan(overrides: Partial<SchemaPlan> = {}): SchemaPlan {
  return {
    kind: 'schema',
    op: 'field.create',
    base: { alias: 'crm', appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh' },
    table: { id: TEMP, name: 'tmp_scratch' },
    field: { before: null, after: PRIORITY },
    tableFields: null,
    restore: null,
    ...overrides,
  };
}

async function setUpSchema(plan: SchemaPlan = schemaPlan(), options: { schema?: boolean } = {}) {
  const world = makeLiveOpDeps(options);
  world.base.addTable(TEMP, 'tmp_scratch', [TITLE, STATUS], {
    rec1: { Title: 'one', Status: 'Open' },
    rec2: { Title: 'two', Status: 'Done' },
  });
  const request = makeRequest({ plan, state: 'executing', artefactId: 'art_x', execution: makeExecution() });
  await world.store.requests.create(request);
  return { ...world, request };
}

describe('a schema live op, on the same step machine', () => {
  it('walks consumed → backed_up → writing → written → applied, the backup before the change', async () => {
    const world = await setUpSchema();
    const steps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const current = await stored(world, world.request.id);
      if (current.state !== 'executing') break;
      await runLiveOpStep({ request: current, raw: JSON.stringify(current) }, world.deps);
      const after = await stored(world, world.request.id);
      steps.push(after.state === 'executing' ? (after.execution?.step as string) : after.state);
    }

    expect(steps).toEqual(['backed_up', 'writing', 'writing', 'written', 'applied']);
    const fields = world.base.table(TEMP).fields;
    const created = fields.find((field) => field.name === 'Priority');
    expect(created).toBeDefined();
    expect(world.log.indexOf('backup.save')).toBeLessThan(world.log.indexOf('base.createField'));
    const backedUp = world.audit.events.find((event) => event.type === 'backup.created');
    expect(backedUp?.details).toMatchObject({ kind: 'schema', fields: 2, records: 0 });
    const applied = world.audit.events.find((event) => event.type === 'op.applied');
    expect(applied?.details).toMatchObject({
      op: 'field.create',
      field: 'Priority',
      field_id: created?.fieldId,
    });
  });

  it('an ambiguous field create that landed is adopted by its name: one field, its id recorded', async () => {
    const world = await setUpSchema();
    world.base.failNext('createField', fakeLarkFailure('ambiguous', { endpointId: 'bitable.field.create' }), {
      landed: true,
    });

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.count('createField')).toBe(1);
    const created = world.base.table(TEMP).fields.filter((field) => field.name === 'Priority');
    expect(created).toHaveLength(1);
    const request = await stored(world, world.request.id);
    expect(request.execution?.schemaIds?.fieldId).toBe(created[0]?.fieldId);
    const applied = world.audit.events.find((event) => event.type === 'op.applied');
    expect(applied?.details).toMatchObject({ reconciled: true });
  });

  it('stops as stale when a field of that name already exists with another type', async () => {
    const world = await setUpSchema();
    world.base.table(TEMP).fields.push({ ...PRIORITY, fieldId: 'fldOther', type: 2 });

    expect(await runLiveOp(world.request.id, world.deps)).toBe('stale');

    expect(world.base.count('createField')).toBe(0);
    expect(world.backups.saved.size).toBe(0);
  });

  it('backs up the values a field delete destroys, then deletes the field', async () => {
    const status = { ...STATUS };
    const world = await setUpSchema(
      schemaPlan({ op: 'field.delete', field: { before: status, after: null } }),
    );

    expect(await runLiveOp(world.request.id, world.deps)).toBe('applied');

    expect(world.base.table(TEMP).fields.map((field) => field.name)).toEqual(['Title']);
    const request = await stored(world, world.request.id);
    const document = world.backups.document(request.execution?.backupId as string) as {
      records: Array<{ record_id: string; fields: Record<string, unknown> }>;
    };
    expect(document.records).toEqual([
      { record_id: 'rec1', fields: { Status: 'Open' } },
      { record_id: 'rec2', fields: { Status: 'Done' } },
    ]);
  });

  it('a worker without a schema gateway fails the op closed, writing nothing', async () => {
    const world = await setUpSchema(schemaPlan(), { schema: false });

    expect(await runLiveOp(world.request.id, world.deps)).toBe('failed');

    expect((await stored(world, world.request.id)).execution?.problem).toBe(
      'this worker cannot change schemas (no schema gateway)',
    );
    expect(world.base.count('createField')).toBe(0);
  });
});
