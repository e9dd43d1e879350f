import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeAuditHistory } from '../../../test/builders/make-audit-history.js';
import { makePolicy } from '../../../test/builders/make-policy.js';
import type { AuditEvent } from '../../domain/audit-event.js';
import { assessReadiness, type ReadinessDeps } from './assess-readiness.js';

function world(histories: AuditEvent[][]) {
  const reads: Array<{ stream?: boolean } | undefined> = [];
  const saved: Array<{ stamp: string; json: string }> = [];
  const appended: Parameters<ReadinessDeps['append']>[0][] = [];
  const drills: number[][] = [];
  const deps: ReadinessDeps = {
    policy: () => makePolicy(),
    clock: () => Date.parse('2026-06-02T09:00:00.250Z'),
    pageBounds: null,
    readEvidence: async (options) => {
      reads.push(options);
      return { events: histories[Math.min(reads.length, histories.length) - 1] ?? [], sources: [] };
    },
    runDrills: async (missing) => {
      drills.push([...missing]);
      return [{ gate: 1, name: 'read tour', outcome: 'ran', detail: 'green' }];
    },
    savePacket: async (stamp, packet) => {
      saved.push({ stamp, json: packet.json });
      return {
        jsonPath: `/evidence/readiness-${stamp}.json`,
        markdownPath: `/evidence/readiness-${stamp}.md`,
      };
    },
    append: async (input) => {
      appended.push(input);
      return { ...makeAuditHistory([{ type: input.type }])[0], seq: 7 } as AuditEvent;
    },
    version: '1.2.3',
    configPath: '/etc/larkgate/larkgate.yaml',
  };
  return { deps, reads, saved, appended, drills };
}

describe('assessReadiness', () => {
  it('judges the recorded evidence, saves the packet and audits its hash', async () => {
    const w = world([[]]);

    const report = await assessReadiness(w.deps);

    expect(report.packet.overall).toBe('PARTIAL');
    expect(w.drills).toEqual([]);
    expect(w.saved).toEqual([{ stamp: '2026-06-02T09-00-00-250Z', json: report.json }]);
    expect(report.jsonPath).toBe('/evidence/readiness-2026-06-02T09-00-00-250Z.json');
    expect(w.appended).toEqual([
      {
        type: 'readiness.evaluated',
        actor: 'readiness',
        requestId: null,
        details: {
          overall: 'PARTIAL',
          failed_gates: report.packet.failed_gates,
          packet: report.jsonPath,
          packet_sha256: createHash('sha256').update(report.json).digest('hex'),
        },
      },
    ]);
    expect(report.event.seq).toBe(7);
  });

  it('with run, runs the drills for the missing gates and judges the evidence read again', async () => {
    const w = world([[], []]);

    const report = await assessReadiness(w.deps, { run: true });

    expect(w.drills).toEqual([report.packet.failed_gates]);
    expect(w.reads).toHaveLength(2);
    expect(report.packet.drills_run).toEqual([
      { gate: 1, name: 'read tour', outcome: 'ran', detail: 'green' },
    ]);
  });

  it('reads only the audit file when told not to read the stream', async () => {
    const w = world([[]]);

    await assessReadiness(w.deps, { stream: false });

    expect(w.reads).toEqual([{ stream: false }]);
  });
});
