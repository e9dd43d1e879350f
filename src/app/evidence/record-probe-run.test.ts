import { describe, expect, it } from 'vitest';
import { makeAuditHistory } from '../../../test/builders/make-audit-history.js';
import { makePolicy } from '../../../test/builders/make-policy.js';
import type { AuditEvent } from '../../domain/audit-event.js';
import type { AuditInput } from '../../ports/audit.js';
import { recordProbeRun } from './record-probe-run.js';

describe('recordProbeRun', () => {
  it('records the verdict, what failed open and the refusal points seen, under the deployment’s policy', async () => {
    const appended: AuditInput[] = [];
    const event = await recordProbeRun(
      {
        policy: () => makePolicy(),
        append: async (input) => {
          appended.push(input);
          return makeAuditHistory([{ type: input.type }])[0] as AuditEvent;
        },
      },
      {
        verdict: 'FAIL_OPEN_DETECTED',
        probeCount: 3,
        blockedCount: 2,
        harnessOk: true,
        results: [
          { id: 'P1.live-without-approval', failOpen: false },
          { id: 'P2.self-approval', failOpen: true },
          { id: 'P8.push-stale', failOpen: false },
        ],
        covered: ['auth.stale', 'egress.denied'],
      },
    );

    expect(event.type).toBe('probes.completed');
    expect(appended).toEqual([
      {
        type: 'probes.completed',
        actor: 'probes',
        requestId: null,
        details: {
          verdict: 'FAIL_OPEN_DETECTED',
          probe_count: 3,
          blocked_count: 2,
          harness_ok: true,
          fail_open: ['P2.self-approval'],
          covered: ['auth.stale', 'egress.denied'],
          policy_hash: 'f'.repeat(64),
        },
      },
    ]);
  });
});
