import type { RequesterGate } from '../ports/requester-gate.js';
import type { AgentQuota } from './create-agent-quota.js';

/**
 * Each agent's hourly allowance shared by every process through Redis: the intake's per-requester token
 * bucket (src/store/create-requester-gate.ts) keyed `agent:<id>`, `perHour` deep, refilling at `perHour` an
 * hour. A change request is not a queued message, so nothing stays in flight.
 */
export function createSharedAgentQuota(gate: RequesterGate): AgentQuota {
  return {
    async take(agentId, perHour) {
      const key = `agent:${agentId}`;
      const admission = await gate.admit(key, {
        burst: perHour,
        perMinute: perHour / 60,
        noticeEveryMs: 60_000,
      });
      if (admission.admitted) await gate.release(key);
      return admission.admitted;
    },
  };
}
