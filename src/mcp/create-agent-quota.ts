/** Each agent's change requests per hour (`max_requests_per_hour`). */
export type AgentQuota = { take(agentId: string, perHour: number): Promise<boolean> };

const HOUR_MS = 3_600_000;

/**
 * A sliding hour per agent in this process (probes, tests): a request is taken only while fewer than
 * `perHour` were in the last hour. Processes that share Redis use create-shared-agent-quota.ts.
 */
export function createAgentQuota(clock: () => number): AgentQuota {
  const taken = new Map<string, number[]>();
  return {
    async take(agentId, perHour) {
      const now = clock();
      const recent = (taken.get(agentId) ?? []).filter((at) => now - at < HOUR_MS);
      if (recent.length >= perHour) {
        taken.set(agentId, recent);
        return false;
      }
      recent.push(now);
      taken.set(agentId, recent);
      return true;
    },
  };
}
