import { describe, expect, it } from 'vitest';
import { makeBase, makePolicy } from '../../../test/builders/make-policy.js';
import type { AuditStreamFeed } from '../../ports/audit-stream-feed.js';
import { createDrillEvidence } from './create-drill-evidence.js';

const policy = makePolicy([
  makeBase(),
  makeBase({ alias: 'sandbox', appToken: 'SbxToken', tier: 'L0', staging: true, tables: ['Scratch'] }),
]);

/** An audit stream in memory, read forward as the Redis feed reads it; counts the reads. */
function createStream() {
  const pending: string[] = [];
  let reads = 0;
  const feed: AuditStreamFeed = {
    async readNew() {
      reads++;
      return pending.splice(0);
    },
  };
  return {
    feed,
    reads: () => reads,
    append(type: string, ts: string, details: Record<string, unknown>) {
      pending.push(JSON.stringify({ type, ts, details }));
    },
  };
}

describe('createDrillEvidence', () => {
  it('finds the newest passing rollback drill on a staging base, and nothing else', async () => {
    const stream = createStream();
    let now = Date.parse('2026-11-22T10:00:00Z');
    const evidence = createDrillEvidence({ feed: stream.feed, policy: () => policy, clock: () => now });
    expect(await evidence()).toEqual({ lastPassingDrillAt: null });

    stream.append('drill.passed', '2026-11-20T09:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    stream.append('drill.passed', '2026-11-21T09:00:00.000Z', { drill: 'outage', base: 'sandbox' });
    stream.append('drill.failed', '2026-11-21T10:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    stream.append('drill.passed', '2026-11-21T11:00:00.000Z', { drill: 'rollback', base: 'crm' });
    stream.append('op.applied', '2026-11-21T12:00:00.000Z', { note: 'drill.passed' });
    now += 2_000;

    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-20T09:00:00.000Z') });
  });

  it('reads only what was added since, once per cache period', async () => {
    const stream = createStream();
    let now = 0;
    const evidence = createDrillEvidence({ feed: stream.feed, policy: () => policy, clock: () => now });
    for (let day = 1; day <= 5; day++) {
      stream.append('drill.passed', `2026-11-0${day}T00:00:00.000Z`, {
        drill: 'rollback',
        base: 'sandbox',
      });
    }
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-05T00:00:00.000Z') });

    stream.append('drill.passed', '2026-11-06T00:00:00.000Z', { drill: 'rollback', base: 'sandbox' });
    now += 1_000;
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-05T00:00:00.000Z') });
    expect(stream.reads()).toBe(1);
    now += 1_000;
    expect(await evidence()).toEqual({ lastPassingDrillAt: Date.parse('2026-11-06T00:00:00.000Z') });
    expect(stream.reads()).toBe(2);
  });
});
