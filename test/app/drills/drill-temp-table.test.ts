import { describe, expect, it } from 'vitest';
import { buildDrillFields } from '../../../src/app/drills/build-drill-seed.js';
import { createDrillTable } from '../../../src/app/drills/create-drill-table.js';
import { DrillProblem } from '../../../src/app/drills/drill-problem.js';
import { retryRateLimited } from '../../../src/app/drills/retry-rate-limited.js';
import { tearDownDrillTable } from '../../../src/app/drills/tear-down-drill-table.js';
import { createFakeBase } from '../../fakes/fake-base.js';
import { fakeLarkFailure } from '../../fakes/fake-lark-failure.js';

const APP = 'app_sandbox';
const NAME = 'tmp_drill_d1';
const FIELDS = buildDrillFields({ field: 'Marker', value: 'drill' });

describe("a drill's temp table", () => {
  it('is adopted by its name when Lark created it but the answer was lost (ambiguous): no second table', async () => {
    const base = createFakeBase();
    base.failNext('createTable', fakeLarkFailure('ambiguous'), { landed: true });

    const tableId = await createDrillTable(base.ports, APP, NAME, FIELDS);

    expect(base.table(tableId).name).toBe(NAME);
    expect(base.count('createTable')).toBe(1);
    expect((await base.ports.listTables(APP)).filter((table) => table.name === NAME)).toHaveLength(1);
  });

  it.each([
    ['an ambiguous create that did not land', fakeLarkFailure('ambiguous'), false],
    ['a refused create', fakeLarkFailure('permission'), false],
  ])('is a drill problem (not a crash) after %s', async (_what, failure, landed) => {
    const base = createFakeBase();
    base.failNext('createTable', failure, { landed });

    await expect(createDrillTable(base.ports, APP, NAME, FIELDS)).rejects.toBeInstanceOf(DrillProblem);
  });

  it('counts as torn down when the delete landed but its answer was lost', async () => {
    const base = createFakeBase();
    base.addTable('tbl_1', NAME, []);
    base.failNext('deleteTable', fakeLarkFailure('ambiguous'), { landed: true });

    expect(await tearDownDrillTable(base.ports, APP, 'tbl_1')).toEqual({ ok: true });
    expect(base.count('deleteTable')).toBe(1);
  });

  it('is deleted on a later try after a transient failure, and given up at once when Lark refuses', async () => {
    const flaky = createFakeBase();
    flaky.addTable('tbl_1', NAME, []);
    flaky.failNext('deleteTable', fakeLarkFailure('transient'));
    const refusing = createFakeBase();
    refusing.addTable('tbl_1', NAME, []);
    refusing.failNext('deleteTable', fakeLarkFailure('permission', { msg: 'no permission to delete' }));

    expect(await tearDownDrillTable(flaky.ports, APP, 'tbl_1')).toEqual({ ok: true });
    const refused = await tearDownDrillTable(refusing.ports, APP, 'tbl_1');
    expect(refused.ok).toBe(false);
    expect(refusing.count('deleteTable')).toBe(1);
    expect(refusing.table('tbl_1').name).toBe(NAME);
  });
});

describe('retryRateLimited', () => {
  it("sends again after Lark's per-chat rate limit, and passes any other failure on at once", async () => {
    let sends = 0;
    const sent = await retryRateLimited(async () => {
      sends++;
      if (sends < 3) throw fakeLarkFailure('rate_limited', { retryAfterMs: 1 });
      return 'om_receipt';
    });
    let refusals = 0;
    const refused = retryRateLimited(async () => {
      refusals++;
      throw fakeLarkFailure('permission');
    });

    expect(sent).toBe('om_receipt');
    expect(sends).toBe(3);
    await expect(refused).rejects.toThrow();
    expect(refusals).toBe(1);
  });
});
